import { REPLY_KIND, type ReplyRowOptions } from "../../bots/inbox/reply-rows.js";
import type { ChatAddress, SendOptions } from "../../bots/messenger.js";
import type { OutboxItem } from "../../domain/reminders/outbox.js";

/**
 * How a row's new post is sent. A command's reply (kind "reply") quotes the command, goes into its forum topic
 * and names the person it asks (when it must) when it goes to the chat the command came from; anywhere else
 * (a fallback) it is simply posted.
 * (A pressed message's edit is `payload.edit`, which every kind shares.)
 */
export function sendOptionsFor(row: Pick<OutboxItem, "id" | "kind" | "address" | "payload">, to: ChatAddress): SendOptions {
  const own = row.kind === REPLY_KIND && row.address?.platform === to.platform && row.address.chatId === to.chatId;
  if (!own) return { outboxId: row.id };
  const { replyTo, threadId, mention } = row.payload as ReplyRowOptions;
  return { outboxId: row.id, ...(replyTo ? { replyTo } : {}), ...(threadId ? { threadId } : {}), ...(mention ? { mention } : {}) };
}
