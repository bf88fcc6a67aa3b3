import type { DateTime } from "luxon";
import type { Platform } from "../members/member.js";
import type { NewOutboxItem } from "../reminders/outbox.js";
import type { ReminderSettings } from "../settings/settings.js";

export const TASK_STATUSES = ["open", "done"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type TaskPerson = { id: string; displayName: string; handle: string };
/** The assignee, with the zone their due times are read and written in. */
export type TaskAssignee = TaskPerson & { timezone: string | null };

export type Task = {
  id: string;
  workspaceId: string;
  /** The chat-facing number (task 7), a per-workspace sequence like lead numbers. */
  number: number;
  title: string;
  status: TaskStatus;
  assignee: TaskAssignee;
  creator: TaskPerson;
  lead: { id: string; number: number; title: string } | null;
  dueAt: DateTime | null;
  doneAt: DateTime | null;
  doneBy: TaskPerson | null;
  createdAt: DateTime;
  updatedAt: DateTime;
  /** Set while archived: out of lists and reminders, restorable by Undo for a while. */
  archivedAt: DateTime | null;
};

export type NewTask = {
  title: string;
  assigneeId: string;
  creatorId: string;
  leadId: string | null;
  dueAt: DateTime | null;
};

/**
 * A chat to post a reminder in when the assignee's DM cannot be reached (where the task was created), with
 * its forum topic when it came from one, so the reminder lands in the same topic.
 */
export type ChatRef = { platform: Platform; chatId: string; threadId?: string | undefined };

/** What a "task.due" outbox row carries; the dispatcher reads `fallback`, the composer `dueAt`. */
export type TaskDuePayload = { dueAt: string; fallback?: ChatRef };

/**
 * The "task.due" reminder for a task: to the assignee, `leadMinutes` before the due time (never before
 * now), or none when the task is done or has no due time. The subject id is filled in by the repository.
 */
export function dueReminder(
  task: Pick<Task, "status" | "dueAt" | "assignee">,
  settings: Pick<ReminderSettings, "leadMinutes">,
  now: DateTime,
  fallback: ChatRef | null,
): Omit<NewOutboxItem, "subjectId"> | null {
  if (task.status !== "open" || !task.dueAt || task.dueAt <= now) return null;
  const early = task.dueAt.minus({ minutes: settings.leadMinutes });
  const payload: TaskDuePayload = { dueAt: task.dueAt.toUTC().toISO()!, ...(fallback ? { fallback } : {}) };
  return { kind: "task.due", recipientId: task.assignee.id, dueAt: early > now ? early : now, payload };
}

/** The fields `/task edit` changes. */
export const TASK_EDIT_FIELDS = ["title", "due"] as const;
export type TaskEditField = (typeof TASK_EDIT_FIELDS)[number];
