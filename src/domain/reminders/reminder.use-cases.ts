import { DateTime } from "luxon";
import { OPEN_STAGES } from "../leads/lead.js";
import type { Actor } from "../members/member.js";
import { readingOf, zoneOf } from "../members/member.js";
import { mustBeAllowed } from "../members/permissions.js";
import type { MemberRepo } from "../members/member.repo.js";
import { workspaceSettings, type ReminderSettings } from "../settings/settings.js";
import type { Clock } from "../shared/clock.js";
import { DomainError } from "../shared/errors.js";
import type { WhenReader } from "../shared/when.js";
import type { ChatRef } from "../tasks/task.js";
import { localDay } from "./digest.js";
import type { NewOutboxItem, OutboxItem } from "./outbox.js";
import type { Agenda, LeadBrief, ReminderRepo } from "./reminder.repo.js";

export type ReminderDeps = { reminders: ReminderRepo; clock: Clock; readWhen: WhenReader };

/** What a "lead.followup" outbox row carries, like a task reminder's: the time it was set for, and a chat. */
export type FollowUpPayload = { dueAt: string; fallback?: ChatRef };

export function createReminderUseCases({ reminders, clock, readWhen }: ReminderDeps) {
  return {
    /**
     * `/lead followup 12 tomorrow 10:00`: read in the lead owner's zone (the reminder is theirs), reminded
     * `leadMinutes` early like a task. `when` null clears the follow-up and its reminder.
     */
    async setFollowUp(actor: Actor, number: number, when: string | null, origin: ChatRef | null): Promise<LeadBrief> {
      const lead = await reminders.leadByNumber(actor.workspace.id, number);
      if (!lead) throw new DomainError("lead.not_found", { number });
      mustBeAllowed(actor.member, "lead.followup", { lead_owner: lead.owner.id }, { number, owner: `@${lead.owner.handle}` });
      const now = clock.now();
      const at = when === null ? null : readWhen(when, now, lead.owner.timezone ?? actor.workspace.timezone, readingOf(actor));
      const reminder = at && followUpReminder(at, lead.owner.id, workspaceSettings(actor.workspace), now, origin);
      return reminders.setFollowUp(actor.workspace.id, lead.id, actor.member.id, at, now, reminder);
    },

    /** The lead a "lead.followup" row is about, or null when it no longer needs one (closed, or moved). */
    async followUpFor(actor: Actor, item: Pick<OutboxItem, "subjectId" | "payload">): Promise<LeadBrief | null> {
      if (!item.subjectId) return null;
      const lead = await reminders.leadById(actor.workspace.id, item.subjectId);
      if (!lead || !OPEN_STAGES.includes(lead.stage) || !lead.nextFollowUpAt) return null;
      return sameInstant(lead.nextFollowUpAt, item.payload.dueAt) ? lead : null;
    },

    /**
     * A member's digest: first plans the next one (so there is always exactly one pending), then gathers
     * what is overdue, due today, to follow up on and gone stale. Null when all of it is empty.
     */
    async digestFor(actor: Actor, item: Pick<OutboxItem, "id" | "dueAt">): Promise<Agenda | null> {
      const now = clock.now();
      const after = item.dueAt > now ? item.dueAt : now;
      await reminders.ensureDigestScheduled(actor.workspace.id, actor.member.id, after, { except: item.id });
      const { staleDays } = workspaceSettings(actor.workspace);
      const agenda = await reminders.agenda(actor.workspace.id, actor.member.id, {
        now,
        endOfToday: localDay(now, zoneOf(actor.member, actor.workspace)).end,
        staleBefore: staleDays === null ? null : now.minus({ days: staleDays }),
      });
      const empty = !agenda.overdue.length && !agenda.today.length && !agenda.followups.length && !agenda.stale.length;
      return empty ? null : agenda;
    },

    ensureDigest: (actor: Actor) => reminders.ensureDigestScheduled(actor.workspace.id, actor.member.id, clock.now()),
  };
}

/**
 * The "lead.followup" reminder for a follow-up at `at`: to the lead's owner, `leadMinutes` early like a task
 * (never before now). Restoring an archived lead schedules it again from here.
 */
export function followUpReminder(
  at: DateTime,
  ownerId: string,
  settings: Pick<ReminderSettings, "leadMinutes">,
  now: DateTime,
  origin: ChatRef | null,
): Omit<NewOutboxItem, "subjectId"> {
  const early = at.minus({ minutes: settings.leadMinutes });
  const payload: FollowUpPayload = { dueAt: at.toUTC().toISO()!, ...(origin ? { fallback: origin } : {}) };
  return { kind: "lead.followup", recipientId: ownerId, dueAt: early > now ? early : now, payload };
}

/** Whether an instant equals the ISO text a payload carries (a reminder is for the time it was set for). */
export function sameInstant(at: DateTime, iso: unknown): boolean {
  return typeof iso === "string" && at.toMillis() === DateTime.fromISO(iso).toMillis();
}

/**
 * Plans a member's first digest the first time this process sees them. Once is enough per process: after
 * that, sending a digest plans the next one and changing the digest settings re-plans them, so checking on
 * every command (a few queries each time) would only cost latency.
 */
export function withDigestOnContact(members: MemberRepo, reminders: ReminderRepo, clock: Clock): MemberRepo {
  const ensured = new Set<string>();
  return {
    ...members,
    async resolveCaller(key, defaults) {
      const actor = await members.resolveCaller(key, defaults);
      if (!ensured.has(actor.member.id)) {
        await reminders.ensureDigestScheduled(actor.workspace.id, actor.member.id, clock.now());
        ensured.add(actor.member.id);
      }
      return actor;
    },
  };
}

export type ReminderUseCases = ReturnType<typeof createReminderUseCases>;
