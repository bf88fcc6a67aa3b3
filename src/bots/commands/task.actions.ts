import type { Task } from "../../domain/tasks/task.js";
import { taskReminderCard } from "../reminders/task.composers.js";
import { UNDO_MINUTES } from "../../domain/shared/archive.js";
import { defineAction, type PressResult } from "./actions.js";
import type { CommandContext } from "./registry.js";
import { archivedTaskReply, taskCard, taskDue } from "./task.card.js";
import { originOf } from "./task.commands.js";

// The buttons on a task reminder. Each re-reads the task and checks the presser through the same use cases
// as the commands (assignee, creator or admin; anyone else gets an alert and nothing changes), then edits
// the reminder to show what happened and who did it.

const snoozed = (task: Task, ctx: CommandContext): PressResult => ({
  kind: "edit",
  reply: taskReminderCard(task, ctx, {
    outcome: ctx.t("task.pressed.snoozed", { due: ctx.fmt.dateTime(task.dueAt!), who: ctx.actor.member.displayName }),
  }),
});

export const taskDoneAction = defineAction({
  name: "task.done",
  async run(taskId, ctx) {
    const task = await ctx.services.tasks.done(ctx.actor, { id: taskId });
    const outcome = ctx.t("task.pressed.done", { who: ctx.actor.member.displayName, when: ctx.fmt.dateTime(task.doneAt!) });
    return { kind: "edit", reply: taskReminderCard(task, ctx, { outcome }) };
  },
});

export const taskSnoozeHourAction = defineAction({
  name: "task.snooze1h",
  async run(taskId, ctx) {
    return snoozed(await ctx.services.tasks.snooze(ctx.actor, { id: taskId }, "in 1 hour", originOf(ctx)), ctx);
  },
});

export const taskTomorrowAction = defineAction({
  name: "task.tomorrow",
  async run(taskId, ctx) {
    // Tomorrow morning in the assignee's zone, the same default as a date given without a time.
    return snoozed(await ctx.services.tasks.snooze(ctx.actor, { id: taskId }, "tomorrow 9:00", originOf(ctx)), ctx);
  },
});

// The buttons on a task's card (/task show): the same use cases, and the card comes back changed.

export const taskCardDoneAction = defineAction({
  name: "task.card.done",
  async run(taskId, ctx) {
    const task = await ctx.services.tasks.done(ctx.actor, { id: taskId });
    return { kind: "edit", reply: taskCard(task, ctx, ctx.t("task.done", { number: task.number })) };
  },
});

export const taskSnoozeDayAction = defineAction({
  name: "task.snooze1d",
  async run(taskId, ctx) {
    const task = await ctx.services.tasks.snooze(ctx.actor, { id: taskId }, "in 1 day", originOf(ctx));
    return { kind: "edit", reply: taskCard(task, ctx, ctx.t("task.snoozed", { number: task.number, due: taskDue(task, ctx) })) };
  },
});

/** Edit answers with the command to type; a form can take over by replacing only this handler. */
export const taskEditHint = defineAction({
  name: "task.edit",
  async run(taskId, ctx) {
    const { task } = await ctx.services.tasks.show(ctx.actor, { id: taskId });
    // Its form (which field, then the new value) where the dispatcher has forms; else the command to type.
    if (ctx.forms) return { kind: "reply", reply: await ctx.forms.open("task edit", String(task.number)) };
    return { kind: "alert", text: ctx.t("hint.task.edit", { number: task.number }) };
  },
});

export const taskArchiveAction = defineAction({
  name: "task.archive",
  async run(taskId, ctx) {
    return { kind: "edit", reply: archivedTaskReply(await ctx.services.tasks.archive(ctx.actor, { id: taskId }), ctx, UNDO_MINUTES) };
  },
});

export const taskUndoAction = defineAction({
  name: "task.undo",
  async run(taskId, ctx) {
    const task = await ctx.services.tasks.restore(ctx.actor, { id: taskId }, originOf(ctx));
    return { kind: "edit", reply: taskCard(task, ctx, ctx.t("task.restored", { number: task.number })) };
  },
});

export const taskActions = [
  taskDoneAction,
  taskSnoozeHourAction,
  taskTomorrowAction,
  taskCardDoneAction,
  taskSnoozeDayAction,
  taskEditHint,
  taskArchiveAction,
  taskUndoAction,
];
