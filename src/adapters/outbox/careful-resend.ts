import type { Messenger, MessageRef } from "../../bots/messenger.js";
import type { Job } from "./addressing.js";

/**
 * What is known before sending a row again that may already have gone out (its last claim ran out, or its
 * send had no answer): found in the chat, known not to be there, or not knowable (the platform cannot be
 * asked, or the lookup itself failed).
 */
export type ResendCheck =
  | { kind: "fresh" }
  | { kind: "found"; ref: MessageRef }
  | { kind: "absent" }
  | { kind: "unknowable" }
  | { kind: "lookup_failed"; error: unknown };

/** Looks for the message in the chat first, where the platform can tell (Slack message metadata). */
export async function checkBeforeResend(messenger: Messenger, job: Job): Promise<ResendCheck> {
  if (job.row.previousState === "pending") return { kind: "fresh" };
  // An edit made twice shows the same thing: nothing to look for.
  if (job.edit) return { kind: "absent" };
  if (!messenger.findSent) return { kind: "unknowable" };
  try {
    const found = await messenger.findSent(job.to, job.row.id);
    return found ? { kind: "found", ref: found } : { kind: "absent" };
  } catch (error) {
    return { kind: "lookup_failed", error };
  }
}
