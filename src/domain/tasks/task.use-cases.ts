import type { TimelineEntry } from "../leads/lead.js";
import type { LeadRepo } from "../leads/lead.repo.js";
import { localeOf, readingOf, zoneOf, type Actor } from "../members/member.js";
import type { MemberRepo } from "../members/member.repo.js";
import { localDay, localWeek } from "../reminders/digest.js";
import { workspaceSettings } from "../settings/settings.js";
import type { Clock } from "../shared/clock.js";
import { DomainError } from "../shared/errors.js";
import { cleanName } from "../shared/text.js";
import { trailingWhen, type WhenReader } from "../shared/when.js";
import { mustBeAllowed } from "../members/permissions.js";
import { undoWindowOpen, UNDO_MINUTES } from "../shared/archive.js";
import { dueReminder, type ChatRef, type Task, type TaskEditField } from "./task.js";
import type { TaskFilter, TaskRepo } from "./task.repo.js";

export type TaskDeps = { tasks: TaskRepo; members: MemberRepo; leads: LeadRepo; clock: Clock; readWhen: WhenReader };

/** A task named by its chat number (a command) or by its id (a button, a reminder). */
export type TaskRef = number | { id: string };

/**
 * mine: my open tasks; all: everyone's open tasks; overdue / today / week: everyone's, past due / due today /
 * due this week (my zone; the week starts where my language starts it, Saturday for Persian).
 */
export type TaskListScope = "mine" | "all" | "overdue" | "today" | "week";

export type NewTaskInput = {
  title: string;
  /** "@anna", or null for the sender. */
  assignee: string | null;
  leadNumber: number | null;
  /** "tomorrow 15:00", read in the assignee's zone; null for no due time. */
  when: string | null;
  /**
   * Without `due`: the title's words, of which the last `tail` may be a Persian or Armenian time phrase
   * ("تماس با آرین فردا ساعت ۱۰"): the longest such run that reads becomes the due time (`trailingWhen`).
   */
  open?: { words: string[]; tail: number } | undefined;
};

const LIST_LIMIT = 50;
const HISTORY_LIMIT = 10;

export function createTaskUseCases({ tasks, members, leads, clock, readWhen }: TaskDeps) {
  async function mustFind(actor: Actor, ref: TaskRef): Promise<Task> {
    if (typeof ref !== "number") {
      const task = await tasks.byId(actor.workspace.id, ref.id);
      if (!task) throw new DomainError("task.gone");
      return task;
    }
    const task = await tasks.byNumber(actor.workspace.id, ref);
    if (!task) throw new DomainError("task.not_found", { number: ref });
    return task;
  }

  function mustBeAllowedToChange(actor: Actor, task: Task, permission: "task.change" | "task.archive" = "task.change") {
    if (task.archivedAt && permission === "task.change") throw new DomainError("task.archived", { number: task.number });
    mustBeAllowed(
      actor.member,
      permission,
      { assignee: task.assignee.id, creator: task.creator.id },
      { number: task.number, assignee: `@${task.assignee.handle}` },
    );
  }

  const zoneFor = (actor: Actor, task: Pick<Task, "assignee">) => task.assignee.timezone ?? actor.workspace.timezone;
  const settings = (actor: Actor) => workspaceSettings(actor.workspace);

  /** Someone else changed the task between our read and our write: say what it is now. */
  async function conflict(actor: Actor, task: Task): Promise<never> {
    const now = await mustFind(actor, { id: task.id });
    if (now.status === "done") throw new DomainError("task.already_done", { number: now.number, by: `@${now.doneBy?.handle ?? "?"}` });
    throw new DomainError("task.already_open", { number: now.number });
  }

  return {
    async add(actor: Actor, input: NewTaskInput, origin: ChatRef | null): Promise<Task> {
      mustBeAllowed(actor.member, "task.add");
      const assignee = input.assignee ? await members.findByMention(actor.workspace.id, input.assignee) : actor.member;
      if (!assignee) throw new DomainError("member.not_found", { mention: input.assignee! });
      const lead = input.leadNumber === null ? null : await leads.byNumber(actor.workspace.id, input.leadNumber);
      if (input.leadNumber !== null && !lead) throw new DomainError("lead.not_found", { number: input.leadNumber });
      const now = clock.now();
      // The assignee's zone decides what "tomorrow 9:00" means: it is their morning the reminder is for. The
      // writer's language and calendar decide how it was written.
      const read = (when: string) => readWhen(when, now, assignee.timezone ?? actor.workspace.timezone, readingOf(actor));
      const tail = input.when === null && input.open ? trailingWhen(input.open.words.slice(-input.open.tail), read) : null;
      const title = cleanName(tail ? input.open!.words.slice(0, -tail.length).join(" ") : input.title, "title");
      const dueAt = tail ? tail.at : input.when === null ? null : read(input.when);
      const reminder = dueReminder({ status: "open", dueAt, assignee }, settings(actor), now, origin);
      return tasks.create(
        actor.workspace.id,
        { title, assigneeId: assignee.id, creatorId: actor.member.id, leadId: lead?.id ?? null, dueAt },
        now,
        reminder,
      );
    },

    async list(actor: Actor, scope: TaskListScope) {
      const now = clock.now();
      const filter: TaskFilter =
        scope === "mine"
          ? { status: "open", assigneeId: actor.member.id }
          : scope === "overdue"
            ? { status: "open", dueBefore: now }
            : scope === "today" || scope === "week"
              ? (({ start, end }) => ({ status: "open" as const, dueFrom: start, dueBefore: end }))(
                  scope === "today"
                    ? localDay(now, zoneOf(actor.member, actor.workspace))
                    : localWeek(now, zoneOf(actor.member, actor.workspace), localeOf(actor.member, actor.workspace)),
                )
              : { status: "open" };
      return { ...(await tasks.list(actor.workspace.id, filter, LIST_LIMIT)), now };
    },

    async show(actor: Actor, ref: TaskRef): Promise<{ task: Task; history: TimelineEntry[] }> {
      const task = await mustFind(actor, ref);
      return { task, history: await tasks.history(actor.workspace.id, task.id, HISTORY_LIMIT) };
    },

    async done(actor: Actor, ref: TaskRef): Promise<Task> {
      const task = await mustFind(actor, ref);
      mustBeAllowedToChange(actor, task);
      if (task.status === "done") return conflict(actor, task);
      const done = await tasks.update(actor.workspace.id, task.id, actor.member.id, { status: "done", ifStatus: "open" }, clock.now(), null);
      return done ?? conflict(actor, task);
    },

    /** Moves the due time to `when` (a time or a duration from now, read in the assignee's zone). */
    async snooze(actor: Actor, ref: TaskRef, when: string, origin: ChatRef | null): Promise<Task> {
      const task = await mustFind(actor, ref);
      mustBeAllowedToChange(actor, task);
      if (task.status === "done") throw new DomainError("task.snooze_done", { number: task.number });
      const now = clock.now();
      const dueAt = readWhen(when, now, zoneFor(actor, task), readingOf(actor));
      const reminder = dueReminder({ ...task, dueAt }, settings(actor), now, origin);
      const moved = await tasks.update(actor.workspace.id, task.id, actor.member.id, { dueAt, ifStatus: "open" }, now, reminder);
      return moved ?? conflict(actor, task);
    },

    async reopen(actor: Actor, ref: TaskRef, origin: ChatRef | null): Promise<Task> {
      const task = await mustFind(actor, ref);
      mustBeAllowedToChange(actor, task);
      if (task.status === "open") throw new DomainError("task.already_open", { number: task.number });
      const now = clock.now();
      // A due time still ahead gets its reminder back; a past one shows up as overdue instead.
      const reminder = dueReminder({ ...task, status: "open" }, settings(actor), now, origin);
      const reopened = await tasks.update(actor.workspace.id, task.id, actor.member.id, { status: "open", ifStatus: "done" }, now, reminder);
      return reopened ?? conflict(actor, task);
    },

    /**
     * `/task edit 7 title <text>` or `/task edit 7 due <when>`: a new due time is read as snooze reads it
     * (the assignee's zone) and moves the reminder; a new title leaves it.
     */
    async edit(actor: Actor, ref: TaskRef, field: TaskEditField, value: string, origin: ChatRef | null): Promise<Task> {
      const task = await mustFind(actor, ref);
      mustBeAllowedToChange(actor, task);
      const now = clock.now();
      if (field === "title") {
        const title = cleanName(value, "title");
        if (title === task.title) throw new DomainError("task.edit_same", { number: task.number, field });
        const edited = await tasks.update(actor.workspace.id, task.id, actor.member.id, { title, ifStatus: task.status }, now, null);
        return edited ?? conflict(actor, task);
      }
      const dueAt = readWhen(value, now, zoneFor(actor, task), readingOf(actor));
      const reminder = dueReminder({ ...task, dueAt }, settings(actor), now, origin);
      const moved = await tasks.update(actor.workspace.id, task.id, actor.member.id, { dueAt, ifStatus: task.status }, now, reminder);
      return moved ?? conflict(actor, task);
    },

    async archive(actor: Actor, ref: TaskRef): Promise<Task> {
      const task = await mustFind(actor, ref);
      mustBeAllowedToChange(actor, task, "task.archive");
      const archived = task.archivedAt ? null : await tasks.setArchived(actor.workspace.id, task.id, actor.member.id, { archived: true }, clock.now());
      if (!archived) throw new DomainError("task.archived", { number: task.number });
      return archived;
    },

    /** Undo of an archive, within UNDO_MINUTES; an open task's reminder comes back if its due time is ahead. */
    async restore(actor: Actor, ref: TaskRef, origin: ChatRef | null): Promise<Task> {
      const task = await mustFind(actor, ref);
      mustBeAllowedToChange(actor, task, "task.archive");
      const now = clock.now();
      if (!task.archivedAt) throw new DomainError("task.not_archived", { number: task.number });
      if (!undoWindowOpen(task.archivedAt, now)) throw new DomainError("archive.too_late", { minutes: UNDO_MINUTES });
      const reminder = dueReminder(task, settings(actor), now, origin);
      const restored = await tasks.setArchived(actor.workspace.id, task.id, actor.member.id, { archived: false, reminder }, now);
      if (!restored) throw new DomainError("task.not_archived", { number: task.number });
      return restored;
    },

    /** The task a reminder is about, as it is now; null when it was deleted or archived. */
    async forReminder(actor: Actor, taskId: string): Promise<Task | null> {
      const task = await tasks.byId(actor.workspace.id, taskId);
      return task && !task.archivedAt ? task : null;
    },
  };
}

export type TaskUseCases = ReturnType<typeof createTaskUseCases>;
