import type { DateTime } from "luxon";
import type { NewOutboxItem } from "../../domain/reminders/outbox.js";
import type { ChatAddress, Mention } from "../messenger.js";
import type { Reply } from "../render/reply.js";

/** The outbox kind of an interactive reply: the answer to a command or a press, sent at the outbox's pace. */
export const REPLY_KIND = "reply";

export type ReplyRowOptions = {
  /** Quote this message (a command in a group), so it is clear whose answer it is. */
  replyTo?: string | undefined;
  /** The forum topic the command came from. */
  threadId?: string | undefined;
  /** Edit this message (the one a pressed button was on) instead of posting a new one. */
  edit?: string | undefined;
  /**
   * Name this person at the start of the message: a question only they should answer where there is no
   * message of theirs to quote (Telegram's selective reply prompt after a button press in a group).
   */
  mention?: Mention | undefined;
};

/** Reply options as the outbox row's payload carries them. */
export type ReplyPayload = ReplyRowOptions & { reply: Reply };

/**
 * An outbox row carrying a reply that is already written (in the caller's language): the work's own
 * transaction writes it, the outbox sends it after the commit. File bytes travel as base64.
 */
export function replyRow(to: ChatAddress, reply: Reply, now: DateTime, options: ReplyRowOptions = {}): NewOutboxItem {
  const attachments = reply.attachments
    ?.filter((file) => file.bytes instanceof Uint8Array)
    .map((file) => ({ ...file, bytes: Buffer.from(file.bytes).toString("base64") }));
  const payload = { ...options, reply: { ...reply, ...(attachments ? { attachments } : {}) } };
  // No recipient: the address is explicit, and the reply is already in its reader's language.
  return { kind: REPLY_KIND, address: to, dueAt: now, payload: JSON.parse(JSON.stringify(payload)) };
}

/** The reply and its options back from a row's payload, with file bytes restored. */
export function replyPayloadOf(payload: Record<string, unknown>): ReplyPayload {
  const stored = payload as ReplyPayload & { reply: Reply & { attachments?: Array<{ bytes: unknown }> } };
  const attachments = stored.reply.attachments?.map((file) => ({
    ...file,
    bytes: typeof file.bytes === "string" ? new Uint8Array(Buffer.from(file.bytes, "base64")) : file.bytes,
  }));
  return { ...stored, reply: { ...stored.reply, ...(attachments ? { attachments: attachments as Reply["attachments"] } : {}) } };
}
