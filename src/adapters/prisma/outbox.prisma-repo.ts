import type { NewOutboxItem } from "../../domain/reminders/outbox.js";
import type { Tx } from "./client.js";
import { toDb } from "./dates.js";

/**
 * Writes a reminder inside the caller's transaction (repositories call this from `atomic`), so the change
 * that causes a reminder and the reminder itself commit or roll back together.
 */
export async function enqueue(tx: Tx, workspaceId: string, item: NewOutboxItem): Promise<string> {
  const row = await tx.outboxMessage.create({
    data: {
      workspaceId,
      kind: item.kind,
      subjectId: item.subjectId ?? null,
      recipientId: item.recipientId ?? null,
      platform: item.address?.platform ?? null,
      chatId: item.address?.chatId ?? null,
      dueAt: toDb(item.dueAt),
      // A forum topic travels in the payload (read back by the outbox's claim as part of the address).
      payload: { ...(item.payload ?? {}), ...(item.address?.threadId ? { threadId: item.address.threadId } : {}) } as object,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Cancels the not-yet-sent reminders about a subject (all kinds, or the ones named), inside the caller's
 * transaction: completing, deleting or rescheduling the subject does this before enqueueing anew.
 * A row being sent right now ("sending") is left alone: it is already on its way.
 */
export async function cancelPending(tx: Tx, workspaceId: string, subjectId: string, kinds?: string[]): Promise<number> {
  const { count } = await tx.outboxMessage.updateMany({
    where: { workspaceId, subjectId, state: "pending", ...(kinds ? { kind: { in: kinds } } : {}) },
    data: { state: "cancelled" },
  });
  return count;
}
