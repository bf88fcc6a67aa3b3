import type { DateTime } from "luxon";
import type { TimelineEntry } from "../../domain/leads/lead.js";
import type { Db, Tx } from "./client.js";
import { fromDb, toDb } from "./dates.js";
import { reader } from "./tx.js";

/** The audit log every record shares: who did what to which record, when, with before/after of the fields. */
export async function recordActivity(
  tx: Tx,
  entry: { workspaceId: string; actorId: string | null; entity: string; entityId: string; action: string; changes?: object; at: DateTime },
) {
  await tx.activity.create({ data: { ...entry, changes: entry.changes ?? {}, at: toDb(entry.at) } });
}

/** A record's latest activity entries, newest first: the timeline of a lead, a task or an invoice. */
export async function activityTimeline(
  db: Db,
  workspaceId: string,
  entity: "lead" | "task" | "invoice",
  entityId: string,
  limit: number,
): Promise<TimelineEntry[]> {
  const rows = await reader(db).activity.findMany({
    where: { workspaceId, entity, entityId },
    select: { at: true, action: true, changes: true, actor: { select: { displayName: true } } },
    orderBy: { at: "desc" },
    take: limit,
  });
  return rows.map((row) => ({
    at: fromDb(row.at),
    actor: row.actor?.displayName ?? null,
    action: row.action,
    changes: (row.changes ?? {}) as TimelineEntry["changes"],
  }));
}
