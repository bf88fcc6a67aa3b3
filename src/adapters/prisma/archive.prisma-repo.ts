import type { DateTime } from "luxon";
import type { NewOutboxItem } from "../../domain/reminders/outbox.js";
import { recordActivity } from "./activity.prisma-repo.js";
import type { Tx } from "./client.js";
import { toDb } from "./dates.js";
import { cancelPending, enqueue } from "./outbox.prisma-repo.js";

/**
 * Archives a lead or a task, or restores it, inside the caller's transaction: the conditional flip of
 * `archivedAt` (of two presses at once, one changes it and the other finds it done: false), its activity,
 * and its reminders: cancelled by an archive, `reminder` enqueued again by a restore.
 */
export async function flipArchived(
  tx: Tx,
  record: { entity: "lead" | "task"; workspaceId: string; id: string; reminderKinds: string[] },
  change: { actorId: string; archived: boolean; reminder?: Omit<NewOutboxItem, "subjectId"> | null | undefined; now: DateTime },
): Promise<boolean> {
  const { entity, workspaceId, id } = record;
  const { archived, now } = change;
  const where = { id, workspaceId, archivedAt: archived ? null : { not: null } };
  const data = { archivedAt: archived ? toDb(now) : null, updatedAt: toDb(now) };
  const { count } = entity === "lead" ? await tx.lead.updateMany({ where, data }) : await tx.task.updateMany({ where, data });
  if (count === 0) return false;
  const action = `${entity}.${archived ? "archived" : "restored"}`;
  await recordActivity(tx, { workspaceId, actorId: change.actorId, entity, entityId: id, action, changes: { archived: [!archived, archived] }, at: now });
  await cancelPending(tx, workspaceId, id, record.reminderKinds);
  if (!archived && change.reminder) await enqueue(tx, workspaceId, { ...change.reminder, subjectId: id });
  return true;
}
