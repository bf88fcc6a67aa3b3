import type { NewOutboxItem } from "../../domain/reminders/outbox.js";
import type { Tx } from "./client.js";
import { toDb } from "./dates.js";
import { rawQuery } from "./tx.js";

/**
 * Writes a reminder inside the caller's transaction (repositories call this from `atomic`), so the change
 * that causes a reminder and the reminder itself commit or roll back together.
 */
export async function enqueue(tx: Tx, workspaceId: string, item: NewOutboxItem): Promise<string> {
  // A forum topic travels in the payload (read back by the outbox's claim as part of the address).
  const payload = { ...(item.payload ?? {}), ...(item.address?.threadId ? { threadId: item.address.threadId } : {}) };
  // Raw: every Telegram answer is one of these rows, so it is on the hot path (see rawQuery).
  const [row] = await rawQuery<{ id: string }>(
    tx,
    `INSERT INTO "OutboxMessage" (id, "workspaceId", kind, "subjectId", "recipientId", platform, "chatId", "dueAt", payload)
     VALUES (gen_random_uuid(), $1::uuid, $2, $3::uuid, $4::uuid, $5::"Platform", $6, $7::timestamptz, $8::jsonb)
     RETURNING id`,
    [workspaceId, item.kind, item.subjectId ?? null, item.recipientId ?? null, item.address?.platform ?? null, item.address?.chatId ?? null, toDb(item.dueAt), JSON.stringify(payload)],
  );
  return row!.id;
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
