import { REPLY_KIND, replyPayloadOf } from "../inbox/reply-rows.js";
import { defineComposer } from "./composer.js";

/**
 * "reply": the answer to a command or a button press, written by the work's transaction in the caller's
 * language. It says what was true when the work was done, so it is sent as it is.
 */
export const replyComposer = defineComposer({
  kind: REPLY_KIND,
  async compose(item) {
    return replyPayloadOf(item.payload).reply;
  },
});
