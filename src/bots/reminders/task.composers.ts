import { sameInstant } from "../../domain/reminders/reminder.use-cases.js";
import { workspaceSettings } from "../../domain/settings/settings.js";
import type { Task } from "../../domain/tasks/task.js";
import { button } from "../commands/actions.js";
import type { CommandContext } from "../commands/registry.js";
import type { Field, Reply } from "../render/reply.js";
import { defineComposer } from "./composer.js";

/**
 * A task reminder as its recipient reads it: what, when (in their zone), which lead, with Done / Snooze 1h /
 * Tomorrow buttons. Once a button is pressed the same card comes back with the outcome and no buttons.
 */
export function taskReminderCard(task: Task, ctx: CommandContext, extra: { late?: boolean; outcome?: string } = {}): Reply {
  const { t, fmt } = ctx;
  const fields: Field[] = [{ label: t("task.field.title"), value: task.title }];
  if (task.dueAt) fields.push({ label: t("task.field.due"), value: fmt.dateTime(task.dueAt) });
  if (task.lead) fields.push({ label: t("task.field.lead"), value: t("task.lead", { number: task.lead.number, title: task.lead.title }) });
  if (task.creator.id !== task.assignee.id) fields.push({ label: t("task.field.creator"), value: `@${task.creator.handle}` });
  const lines = [...(extra.late ? [t("reminder.late")] : []), ...(extra.outcome ? [extra.outcome] : [])];
  return {
    title: t("reminder.task.title", { number: task.number }),
    fields,
    ...(lines.length ? { lines } : {}),
    ...(extra.outcome
      ? {}
      : {
          actions: [
            button(ctx, "task.done", task.id, t("task.button.done"), "primary"),
            button(ctx, "task.snooze1h", task.id, t("task.button.snooze1h")),
            button(ctx, "task.tomorrow", task.id, t("task.button.tomorrow")),
          ],
        }),
    tone: extra.outcome ? "ok" : "info",
  };
}

/** "task.due": null once the task is done or its due time moved (a newer row reminds of the new time). */
export const taskDueComposer = defineComposer({
  kind: "task.due",
  async compose(item, ctx) {
    if (!item.subjectId) return null;
    const task = await ctx.services.tasks.forReminder(ctx.actor, item.subjectId);
    if (!task || task.status !== "open" || !task.dueAt || !sameInstant(task.dueAt, item.payload.dueAt)) return null;
    return taskReminderCard(task, ctx, { late: item.late });
  },
});

/** "lead.followup": to the lead's owner; null once the lead is closed or its follow-up moved or cleared. */
export const leadFollowUpComposer = defineComposer({
  kind: "lead.followup",
  async compose(item, ctx) {
    const lead = await ctx.services.reminders.followUpFor(ctx.actor, item);
    if (!lead || !lead.nextFollowUpAt) return null;
    const { t, fmt } = ctx;
    return {
      title: t("reminder.followup.title", { number: lead.number }),
      fields: [
        { label: t("reminder.followup.lead"), value: lead.title },
        { label: t("reminder.followup.stage"), value: t(`stage.${lead.stage}`) },
        { label: t("reminder.followup.at"), value: fmt.dateTime(lead.nextFollowUpAt) },
      ],
      lines: [...(item.late ? [t("reminder.late")] : []), t("reminder.followup.hint", { number: lead.number })],
      tone: "info",
    };
  },
});

/**
 * "digest": one member's morning list (overdue, due today, follow-ups, stale leads). Composing it plans the
 * next digest first, so a member always has exactly one pending; null (nothing sent) when all is empty.
 * Stale leads are nudged here rather than by rows of their own: no "lead.stale" rows are written.
 */
export const digestComposer = defineComposer({
  kind: "digest",
  async compose(item, ctx) {
    const agenda = await ctx.services.reminders.digestFor(ctx.actor, item);
    if (!agenda) return null;
    const { t, fmt } = ctx;
    const taskLine = (task: Task) => t("digest.task.row", { number: task.number, title: task.title, due: task.dueAt ? fmt.dateTime(task.dueAt) : "" });
    const lines: string[] = item.late ? [t("reminder.late")] : [];
    const section = (heading: string, rows: string[]) => {
      if (rows.length) lines.push(heading, ...rows.map((row) => `• ${row}`));
    };
    section(t("digest.overdue"), agenda.overdue.map(taskLine));
    section(t("digest.today"), agenda.today.map(taskLine));
    section(
      t("digest.followups"),
      agenda.followups.map((lead) => t("digest.followup.row", { number: lead.number, title: lead.title, when: fmt.dateTime(lead.nextFollowUpAt!) })),
    );
    section(
      t("digest.stale", { days: workspaceSettings(ctx.actor.workspace).staleDays ?? 0 }),
      agenda.stale.map((lead) => t("digest.stale.row", { number: lead.number, title: lead.title, when: fmt.date(lead.updatedAt) })),
    );
    return {
      title: t("digest.title", { date: fmt.date(ctx.services.clock.now()) }),
      lines,
      footer: t("digest.footer"),
      tone: "info",
    };
  },
});

export const taskComposers = [taskDueComposer, leadFollowUpComposer, digestComposer];
