import type { DateTime } from "luxon";
import type { ReminderRepo } from "../../domain/reminders/reminder.repo.js";
import type { SettingsRepo } from "../../domain/settings/settings.repo.js";
import type { Db, Tx } from "./client.js";
import { toDb } from "./dates.js";
import { atomic } from "./tx.js";
import { prismaWorkspaceRepo } from "./workspace.prisma-repo.js";

/**
 * Settings changes with their consequences for pending reminders, in one transaction: a new zone, working
 * days or digest time re-plans digests; a new lead time moves pending task and follow-up reminders.
 */
export function prismaSettingsRepo(db: Db, reminders: ReminderRepo): SettingsRepo {
  const workspaces = prismaWorkspaceRepo(db);

  async function replanDigests(workspaceId: string, now: DateTime) {
    for (const member of await workspaces.members(workspaceId)) {
      await reminders.ensureDigestScheduled(workspaceId, member.id, now);
    }
  }

  /** Pending reminders carry the time they remind of (payload.dueAt); only their send time moves. */
  async function replanLeadTime(tx: Tx, workspaceId: string, minutes: number, now: DateTime) {
    await tx.$executeRaw`
      UPDATE "OutboxMessage"
      SET "dueAt" = GREATEST(${toDb(now)}::timestamptz, ("payload"->>'dueAt')::timestamptz - make_interval(mins => ${minutes}::int))
      WHERE "workspaceId" = ${workspaceId}::uuid AND state = 'pending'
        AND kind IN ('task.due', 'lead.followup') AND "payload"->>'dueAt' IS NOT NULL`;
  }

  return {
    update(workspaceId, patch, now) {
      return atomic(db, async (tx) => {
        const workspace = await workspaces.updateSettings(workspaceId, patch);
        if (patch.leadMinutes !== undefined) await replanLeadTime(tx, workspaceId, patch.leadMinutes, now);
        if (patch.workdays !== undefined || patch.digest !== undefined) await replanDigests(workspaceId, now);
        return workspace;
      });
    },

    setWorkspaceTimezone(workspaceId, timezone, now) {
      return atomic(db, async () => {
        const workspace = await workspaces.setWorkspaceTimezone(workspaceId, timezone);
        await replanDigests(workspaceId, now);
        return workspace;
      });
    },

    setMemberTimezone(workspaceId, memberId, timezone, now) {
      return atomic(db, async () => {
        const member = await workspaces.setMemberTimezone(workspaceId, memberId, timezone);
        await reminders.ensureDigestScheduled(workspaceId, memberId, now);
        return member;
      });
    },
  };
}
