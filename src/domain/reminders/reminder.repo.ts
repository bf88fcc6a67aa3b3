import type { DateTime } from "luxon";
import type { Stage } from "../leads/lead.js";
import type { Task } from "../tasks/task.js";
import type { NewOutboxItem } from "./outbox.js";

/** The lead as a reminder needs it: who owns it (and their zone), where it stands, when to follow up. */
export type LeadBrief = {
  id: string;
  number: number;
  title: string;
  stage: Stage;
  owner: { id: string; handle: string; timezone: string | null };
  nextFollowUpAt: DateTime | null;
  updatedAt: DateTime;
};

/** What one member's digest lists. */
export type Agenda = { overdue: Task[]; today: Task[]; followups: LeadBrief[]; stale: LeadBrief[] };

export type AgendaWindow = {
  now: DateTime;
  /** The end of the member's local day: tasks and follow-ups before it count as today's. */
  endOfToday: DateTime;
  /** Open leads not updated since this instant (and with no follow-up planned) are stale; null when off. */
  staleBefore: DateTime | null;
};

/** Every method takes the workspace id and never reads or writes outside it. */
export type ReminderRepo = {
  /**
   * Makes sure the member has exactly one pending "digest" row, due at their next digest time after `now`
   * (none when digests are off). A row already due and not yet sent is kept: its sending schedules the
   * next. Serialised per member, so two callers at once cannot leave two rows. Returns the pending time.
   */
  ensureDigestScheduled(workspaceId: string, memberId: string, now: DateTime, options?: { except?: string }): Promise<DateTime | null>;
  leadByNumber(workspaceId: string, number: number): Promise<LeadBrief | null>;
  leadById(workspaceId: string, id: string): Promise<LeadBrief | null>;
  /**
   * Sets (or clears, with null) the lead's next follow-up, records it on the lead's timeline, cancels the
   * pending "lead.followup" row and enqueues `reminder`: one transaction.
   */
  setFollowUp(
    workspaceId: string,
    leadId: string,
    actorId: string,
    at: DateTime | null,
    now: DateTime,
    reminder: Omit<NewOutboxItem, "subjectId"> | null,
  ): Promise<LeadBrief>;
  agenda(workspaceId: string, memberId: string, window: AgendaWindow): Promise<Agenda>;
};
