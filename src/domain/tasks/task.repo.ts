import type { DateTime } from "luxon";
import type { TimelineEntry } from "../leads/lead.js";
import type { NewOutboxItem } from "../reminders/outbox.js";
import type { NewTask, Task, TaskStatus } from "./task.js";

export type TaskFilter = {
  assigneeId?: string;
  status?: TaskStatus;
  /** Due strictly before this instant. */
  dueBefore?: DateTime;
  /** Due at or after this instant. */
  dueFrom?: DateTime;
};

/** One change at a time: a new status, a new due time, or a new title. */
export type TaskChange = {
  /** Only change the task while its status is this one (two people pressing Done at once: one wins). */
  ifStatus: TaskStatus;
} & (
  | { status: TaskStatus; dueAt?: never; title?: never }
  | { dueAt: DateTime; status?: never; title?: never }
  /** A new title, recorded as a "task.edited" activity. */
  | { title: string; status?: never; dueAt?: never }
);

/** A reminder to enqueue for the task; the repository fills in the subject (the task's id). */
export type TaskReminder = Omit<NewOutboxItem, "subjectId">;

/** Every method takes the workspace id and never reads or writes outside it. */
export type TaskRepo = {
  /**
   * Takes the next number, writes the task, its activity and its reminder: one transaction. The number may be
   * taken apart from it, so a create that fails leaves a gap in the numbers, never a twin.
   */
  create(workspaceId: string, input: NewTask, now: DateTime, reminder: TaskReminder | null): Promise<Task>;
  /** Archived tasks too (show and Undo reach them); lists do not. */
  byNumber(workspaceId: string, number: number): Promise<Task | null>;
  byId(workspaceId: string, id: string): Promise<Task | null>;
  /** Ordered by due time (no due time last), then number. */
  list(workspaceId: string, filter: TaskFilter, limit: number): Promise<{ tasks: Task[]; total: number }>;
  /**
   * Changes the status, the due time or the title and records who did it; a new status or due time cancels
   * the task's pending reminder and enqueues `reminder` in the same transaction. Null when the status was no
   * longer `ifStatus`.
   */
  update(
    workspaceId: string,
    taskId: string,
    actorId: string,
    change: TaskChange,
    now: DateTime,
    reminder: TaskReminder | null,
  ): Promise<Task | null>;
  /**
   * Archives the task and cancels its reminder, or with `archived: false` restores it and enqueues
   * `reminder`; each with its activity, in one transaction. Null when it already was as asked.
   */
  setArchived(
    workspaceId: string,
    taskId: string,
    actorId: string,
    change: { archived: boolean; reminder?: TaskReminder | null },
    now: DateTime,
  ): Promise<Task | null>;
  history(workspaceId: string, taskId: string, limit: number): Promise<TimelineEntry[]>;
};
