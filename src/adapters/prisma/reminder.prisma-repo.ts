import type { DateTime } from "luxon";
import { OPEN_STAGES } from "../../domain/leads/lead.js";
import type { LeadRepo } from "../../domain/leads/lead.repo.js";
import { nextDigestAt } from "../../domain/reminders/digest.js";
import type { LeadBrief, ReminderRepo } from "../../domain/reminders/reminder.repo.js";
import { workspaceSettings } from "../../domain/settings/settings.js";
import type { Db, Tx } from "./client.js";
import { fromDb, fromDbOrNull, toDb } from "./dates.js";
import { enqueue, cancelPending } from "./outbox.prisma-repo.js";
import { taskSelect, toTask } from "./task.prisma-repo.js";
import { atomic, reader, inParallel, rawQuery } from "./tx.js";

const leadBriefSelect = {
  id: true,
  number: true,
  title: true,
  stage: true,
  nextFollowUpAt: true,
  updatedAt: true,
  owner: { select: { id: true, handle: true, timezone: true } },
} as const;

type LeadBriefRow = Omit<LeadBrief, "nextFollowUpAt" | "updatedAt"> & { nextFollowUpAt: Date | null; updatedAt: Date };

const toLeadBrief = (row: LeadBriefRow): LeadBrief => ({
  ...row,
  nextFollowUpAt: fromDbOrNull(row.nextFollowUpAt),
  updatedAt: fromDb(row.updatedAt),
});

const AGENDA_LIMIT = 20;

/** $1 member, $2 workspace, $3 a digest row to leave out (or null). Times come back as epoch milliseconds. */
const DIGEST_PLAN_SQL = `
  SELECT COALESCE(m.timezone, w.timezone) AS zone, w.settings,
         COALESCE((SELECT json_agg(json_build_object('id', o.id, 'at', floor(extract(epoch FROM o."dueAt") * 1000)))
                     FROM "OutboxMessage" o
                    WHERE o."workspaceId" = $2::uuid AND o."subjectId" = $1::uuid AND o.kind = 'digest' AND o.state = 'pending'
                      AND ($3::uuid IS NULL OR o.id <> $3::uuid)), '[]'::json) AS pending
    FROM "Member" m JOIN "Workspace" w ON w.id = m."workspaceId"
   WHERE m.id = $1::uuid AND m."workspaceId" = $2::uuid`;

/** Digest planning, follow-ups and the digest's contents. `leads` is used inside its transactions. */
export function prismaReminderRepo(db: Db, leads: LeadRepo): ReminderRepo {
  /**
   * The member's next digest time and their pending digest rows, as the database says now: one statement
   * (the member's zone, the workspace's settings and the rows), since every first contact asks it twice.
   */
  async function digestPlan(workspaceId: string, memberId: string, now: DateTime, except?: string) {
    const [member] = await rawQuery<{ zone: string; settings: Record<string, unknown> | null; pending: Array<{ id: string; at: number }> }>(db, DIGEST_PLAN_SQL, [
      memberId,
      workspaceId,
      except ?? null,
    ]);
    if (!member) return null;
    const next = nextDigestAt(now, member.zone, workspaceSettings({ settings: member.settings ?? {} }));
    const rows = member.pending.map((row) => ({ id: row.id, dueAt: fromDb(new Date(row.at)) }));
    // One row at the planned time is right; so is one already due and not yet sent (sending it plans the next).
    const settled =
      next === null
        ? rows.length === 0
        : rows.length === 1 && (rows[0]!.dueAt.toMillis() === next.toMillis() || rows[0]!.dueAt <= now);
    return { next, rows, settled };
  }

  return {
    async ensureDigestScheduled(workspaceId, memberId, now, options = {}) {
      // The common case (every command checks) is a read that finds the row in place.
      const quick = await digestPlan(workspaceId, memberId, now, options.except);
      if (!quick) return null;
      if (quick.settled) return quick.rows[0]?.dueAt ?? null;
      return atomic(db, async (tx) => {
        // Serialise per member: two callers at once must not each add a row.
        await rawQuery(tx, `SELECT id FROM "Member" WHERE id = $1::uuid AND "workspaceId" = $2::uuid FOR UPDATE`, [memberId, workspaceId]);
        const plan = await digestPlan(workspaceId, memberId, now, options.except);
        if (!plan) return null;
        if (plan.settled) return plan.rows[0]?.dueAt ?? null;
        // A new member (every first contact) has no row to cancel.
        if (plan.rows.length) {
          await tx.outboxMessage.updateMany({
            where: { id: { in: plan.rows.map((row) => row.id) }, workspaceId, state: "pending" },
            data: { state: "cancelled" },
          });
        }
        if (!plan.next) return null;
        await enqueue(tx, workspaceId, { kind: "digest", subjectId: memberId, recipientId: memberId, dueAt: plan.next });
        return plan.next;
      });
    },

    async leadByNumber(workspaceId, number) {
      const row = await reader(db).lead.findFirst({ where: { workspaceId, number, archivedAt: null }, select: leadBriefSelect });
      return row ? toLeadBrief(row) : null;
    },

    async leadById(workspaceId, id) {
      const row = await reader(db).lead.findFirst({ where: { id, workspaceId, archivedAt: null }, select: leadBriefSelect });
      return row ? toLeadBrief(row) : null;
    },

    async setFollowUp(workspaceId, leadId, actorId, at, now, reminder) {
      return atomic(db, async (tx) => {
        // The lead repository joins this transaction (atomic is ambient), so the field, its timeline entry
        // and the reminder commit together.
        await leads.update(workspaceId, leadId, actorId, { nextFollowUpAt: at }, now);
        await cancelPending(tx, workspaceId, leadId, ["lead.followup"]);
        if (reminder) await enqueue(tx, workspaceId, { ...reminder, subjectId: leadId });
        return toLeadBrief(await tx.lead.findFirstOrThrow({ where: { id: leadId, workspaceId }, select: leadBriefSelect }));
      });
    },

    async agenda(workspaceId, memberId, { now, endOfToday, staleBefore }) {
      const client = reader(db);
      // Archived tasks and leads are out of the digest, as they are out of lists.
      const open = { workspaceId, assigneeId: memberId, status: "open" as const, archivedAt: null };
      const openLeads = { workspaceId, ownerId: memberId, stage: { in: [...OPEN_STAGES] }, archivedAt: null };
      const [overdue, today, followups, stale] = await inParallel(
        () => client.task.findMany({
          where: { ...open, dueAt: { lt: toDb(now) } },
          select: taskSelect,
          orderBy: [{ dueAt: "asc" }, { number: "asc" }],
          take: AGENDA_LIMIT,
        }),
        () => client.task.findMany({
          where: { ...open, dueAt: { gte: toDb(now), lt: toDb(endOfToday) } },
          select: taskSelect,
          orderBy: [{ dueAt: "asc" }, { number: "asc" }],
          take: AGENDA_LIMIT,
        }),
        () => client.lead.findMany({
          where: { ...openLeads, nextFollowUpAt: { lt: toDb(endOfToday) } },
          select: leadBriefSelect,
          orderBy: [{ nextFollowUpAt: "asc" }, { number: "asc" }],
          take: AGENDA_LIMIT,
        }),
        () => staleBefore
          ? client.lead.findMany({
              // A lead with a follow-up planned is being looked after, even if nothing was written lately.
              where: { ...openLeads, nextFollowUpAt: null, updatedAt: { lt: toDb(staleBefore) } },
              select: leadBriefSelect,
              orderBy: [{ updatedAt: "asc" }, { number: "asc" }],
              take: AGENDA_LIMIT,
            })
          : Promise.resolve([]),
      );
      return {
        overdue: overdue.map(toTask),
        today: today.map(toTask),
        followups: followups.map(toLeadBrief),
        stale: stale.map(toLeadBrief),
      };
    },
  };
}
