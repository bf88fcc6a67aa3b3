import { DateTime } from "luxon";
import type { TimelineEntry } from "../../domain/leads/lead.js";
import type { Task } from "../../domain/tasks/task.js";
import type { Action, Field, Reply } from "../render/reply.js";
import { button } from "./actions.js";
import { archivedReply, changeLines } from "./lead.card.js";
import type { CommandContext } from "./registry.js";

export function taskDue(task: Task, { t, fmt, services }: CommandContext): string {
  if (!task.dueAt) return t("task.no_due");
  const due = fmt.dateTime(task.dueAt);
  return task.status === "open" && task.dueAt <= services.clock.now() ? t("task.overdue", { due }) : due;
}

export function taskFields(task: Task, ctx: CommandContext): Field[] {
  const { t, fmt } = ctx;
  const fields: Field[] = [
    { label: t("task.field.title"), value: task.title },
    { label: t("task.field.assignee"), value: `@${task.assignee.handle}` },
    { label: t("task.field.due"), value: taskDue(task, ctx) },
  ];
  if (task.lead) fields.push({ label: t("task.field.lead"), value: t("task.lead", { number: task.lead.number, title: task.lead.title }) });
  fields.push({ label: t("task.field.status"), value: t(`task.status.${task.status}`) });
  if (task.archivedAt) fields.push({ label: t("task.field.archived"), value: fmt.dateTime(task.archivedAt) });
  if (task.doneAt && task.doneBy) {
    fields.push({ label: t("task.field.done"), value: t("task.done_by", { when: fmt.dateTime(task.doneAt), who: `@${task.doneBy.handle}` }) });
  }
  if (task.creator.id !== task.assignee.id) fields.push({ label: t("task.field.creator"), value: `@${task.creator.handle}` });
  return fields;
}

export function taskRow(task: Task, ctx: CommandContext): string {
  const params = { number: task.number, title: task.title, due: taskDue(task, ctx), assignee: `@${task.assignee.handle}` };
  return task.lead ? ctx.t("task.list.row.lead", { ...params, lead: task.lead.number }) : ctx.t("task.list.row", params);
}

export function historyLine(entry: TimelineEntry, ctx: CommandContext): string {
  const { t, fmt } = ctx;
  const when = fmt.dateTime(entry.at);
  const actor = entry.actor ?? t("timeline.someone");
  switch (entry.action) {
    case "task.created":
    case "task.done":
    case "task.reopened":
    case "task.archived":
    case "task.restored":
      return t(`timeline.${entry.action}`, { when, actor });
    case "task.edited":
      return t("timeline.task.edited", { when, actor, changes: changeLines(entry.changes, { title: "task.field.title" }, ctx) });
    case "task.due": {
      const to = entry.changes.dueAt?.[1];
      return t("timeline.task.due", { when, actor, to: typeof to === "string" ? fmt.dateTime(parseIso(to)) : t("task.no_due") });
    }
    default:
      return t("timeline.other", { when, actor, action: entry.action });
  }
}

// Activity changes hold ISO strings; luxon reads them back for the reader's zone.
const parseIso = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

/** A task's buttons on its card: Done, Snooze 1 day, Edit, Archive; none once archived, Done only while open. */
export function taskButtons(task: Task, ctx: CommandContext): Action[] {
  if (task.archivedAt) return [];
  const { t } = ctx;
  return [
    ...(task.status === "open"
      ? [button(ctx, "task.card.done", task.id, t("task.button.done"), "primary"), button(ctx, "task.snooze1d", task.id, t("button.snooze1d"))]
      : []),
    button(ctx, "task.edit", task.id, t("button.edit")),
    button(ctx, "task.archive", task.id, t("button.archive"), "danger"),
  ];
}

/** The task as a card with its buttons: what task commands answer and what a press on the card leaves. */
export function taskCard(task: Task, ctx: CommandContext, title: string, extra: Pick<Reply, "lines" | "tone"> = {}): Reply {
  const actions = taskButtons(task, ctx);
  return { title, fields: taskFields(task, ctx), tone: "ok", ...extra, ...(actions.length ? { actions } : {}) };
}

/** The card `/task show` answers: the task, its history, its buttons. */
export function taskShowCard(task: Task, history: TimelineEntry[], ctx: CommandContext): Reply {
  const { t } = ctx;
  return taskCard(task, ctx, `#${task.number} ${task.title}`, {
    lines: [t("task.history"), ...(history.length ? history.map((entry) => historyLine(entry, ctx)) : [t("task.history.empty")])],
    tone: "info",
  });
}

/** What `/task archive` and the Archive button answer: the task is gone from lists, with Undo for a while. */
export const archivedTaskReply = (task: Task, ctx: CommandContext, minutes: number): Reply =>
  archivedReply(ctx.t("task.archived_done", { number: task.number, title: task.title, minutes }), { name: "task.undo", id: task.id }, ctx);
