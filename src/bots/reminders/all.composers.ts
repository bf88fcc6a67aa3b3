import { forReader } from "../render/bidi.js";
import { adminAlertComposer } from "./admin-alert.composer.js";
import type { Composer } from "./composer.js";
import { taskComposers } from "./task.composers.js";
import { invoiceComposers } from "./invoice.composers.js";
import { replyComposer } from "./reply.composer.js";

/**
 * Every kind of automatic message, by the `kind` its outbox rows carry. Each is composed for its recipient:
 * their words, their zone, and their writing direction. A command's reply was shaped for its caller when it
 * was written, so it goes as it is.
 */
export const composers = (): Composer[] => [
  ...[adminAlertComposer, ...taskComposers, ...invoiceComposers].map((composer): Composer => ({
    ...composer,
    async compose(item, ctx) {
      const reply = await composer.compose(item, ctx);
      return reply && forReader(reply, ctx.fmt.locale);
    },
  })),
  replyComposer,
];
