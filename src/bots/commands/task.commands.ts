import { DateTime } from "luxon";
import { z } from "zod";
import type { TimelineEntry } from "../../domain/leads/lead.js";
import type { ChatRef, Task } from "../../domain/tasks/task.js";
import type { NewTaskInput, TaskListScope } from "../../domain/tasks/task.use-cases.js";
import type { Field, Reply } from "../render/reply.js";
import { reply } from "../render/reply.js";
import { asciiDigits } from "../../domain/shared/numerals.js";
import { defineCommand, headAndRest, leadNumber, recordNumber, requiredText, wordsOf, type CommandContext } from "./registry.js";
import { quotedTokens } from "./tokenize.js";

/**
 * `<title> [@member] [lead:<id>] [due <when>]`. The last bare word "due" starts the due time (quote a title
 * that needs the word: "Pay due invoices"); an @mention or lead:<id> may stand anywhere. Without "due", a
 * Persian or Armenian time phrase at the end of the title is the due time ("تماس با آرین فردا ساعت ۱۰",
 * "Զանգ վաղը ժամը 10"): the domain tries the title's last unquoted words, never its first one.
 */
export const taskLine = z.string().transform((text, ctx): NewTaskInput => {
  const tokens = quotedTokens(text);
  const dueAt = tokens.findLastIndex((token) => !token.quoted && token.text.toLowerCase() === "due");
  const mentions: string[] = [];
  let leadRef: number | null = null;
  const title: { text: string; quoted: boolean }[] = [];
  const when: string[] = [];
  tokens.forEach((token, index) => {
    if (index === dueAt) return;
    if (!token.quoted && /^@\S+$/.test(token.text)) mentions.push(token.text);
    else if (!token.quoted && /^lead:/i.test(token.text)) {
      const match = /^lead:#?(\d{1,9})$/i.exec(asciiDigits(token.text));
      if (!match) ctx.addIssue({ code: "custom", message: "args.lead_ref" });
      else leadRef = Number(match[1]);
    } else if (dueAt >= 0 && index > dueAt) when.push(token.text);
    else title.push(token);
  });
  if (mentions.length > 1) ctx.addIssue({ code: "custom", message: "args.one_assignee" });
  if (dueAt >= 0 && when.length === 0) ctx.addIssue({ code: "custom", message: "args.due_missing" });
  const words = title.map((token) => token.text);
  if (words.join("").trim() === "") ctx.addIssue({ code: "custom", message: "args.title_required" });
  const tail = title.length - 1 - Math.max(0, title.findLastIndex((token) => token.quoted));
  return {
    title: words.join(" "),
    assignee: mentions[0] ?? null,
    leadNumber: leadRef,
    when: dueAt >= 0 ? when.join(" ") : null,
    ...(dueAt < 0 && tail > 0 ? { open: { words, tail } } : {}),
  };
});

export const taskNumber = recordNumber("args.task_number");

const listScope = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx): TaskListScope => {
    if (text === "") return "mine";
    if (text === "mine" || text === "all" || text === "overdue" || text === "today" || text === "week") return text;
    ctx.addIssue({ code: "custom", message: "args.task_list_scope" });
    return z.NEVER;
  });

/** The chat a command came from, where a reminder falls back to when the assignee's DM fails. */
export const originOf = (ctx: CommandContext): ChatRef | null => ctx.origin ?? null;

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

function historyLine(entry: TimelineEntry, { t, fmt }: CommandContext): string {
  const when = fmt.dateTime(entry.at);
  const actor = entry.actor ?? t("timeline.someone");
  switch (entry.action) {
    case "task.created":
    case "task.done":
    case "task.reopened":
      return t(`timeline.${entry.action}`, { when, actor });
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

export const taskAdd = defineCommand({
  name: "task add",
  usage: "/task add <title> [@member] [lead:<id>] [due <when>]",
  example: "/task add Send proposal to Acme @anna due tomorrow 15:00",
  summary: "cmd.task.add",
  args: taskLine,
  async run(input, ctx) {
    const task = await ctx.services.tasks.add(ctx.actor, input, originOf(ctx));
    return reply.card(ctx.t("task.created", { number: task.number }), taskFields(task, ctx));
  },
});

export const taskList = defineCommand({
  name: "task list",
  usage: "/task list [mine|all|overdue|today|week]",
  example: "/task list overdue",
  summary: "cmd.task.list",
  args: listScope,
  async run(scope, ctx): Promise<Reply> {
    const { tasks, total } = await ctx.services.tasks.list(ctx.actor, scope);
    const title = ctx.t(`task.list.title.${scope}`);
    if (tasks.length === 0) return { title, lines: [ctx.t("task.list.empty")], tone: "info" };
    return {
      title,
      lines: tasks.map((task) => taskRow(task, ctx)),
      footer: ctx.t("task.list.count", { shown: ctx.fmt.number(tasks.length), total }),
      tone: "info",
    };
  },
});

export const taskShow = defineCommand({
  name: "task show",
  usage: "/task show <id>",
  example: "/task show 7",
  summary: "cmd.task.show",
  args: wordsOf(z.tuple([taskNumber])),
  async run([number], ctx) {
    const { task, history } = await ctx.services.tasks.show(ctx.actor, number);
    return {
      title: `#${task.number} ${task.title}`,
      fields: taskFields(task, ctx),
      lines: [ctx.t("task.history"), ...(history.length ? history.map((entry) => historyLine(entry, ctx)) : [ctx.t("task.history.empty")])],
      tone: "info",
    };
  },
});

export const taskDone = defineCommand({
  name: "task done",
  usage: "/task done <id>",
  example: "/task done 7",
  summary: "cmd.task.done",
  args: wordsOf(z.tuple([taskNumber])),
  async run([number], ctx) {
    const task = await ctx.services.tasks.done(ctx.actor, number);
    return reply.card(ctx.t("task.done", { number }), taskFields(task, ctx));
  },
});

export const taskSnooze = defineCommand({
  name: "task snooze",
  usage: "/task snooze <id> <when|duration>",
  example: "/task snooze 7 tomorrow 9:00",
  summary: "cmd.task.snooze",
  args: headAndRest(taskNumber, requiredText("args.when_required")),
  async run([number, when], ctx) {
    const task = await ctx.services.tasks.snooze(ctx.actor, number, when, originOf(ctx));
    return reply.card(ctx.t("task.snoozed", { number, due: taskDue(task, ctx) }), taskFields(task, ctx));
  },
});

export const taskReopen = defineCommand({
  name: "task reopen",
  usage: "/task reopen <id>",
  example: "/task reopen 7",
  summary: "cmd.task.reopen",
  args: wordsOf(z.tuple([taskNumber])),
  async run([number], ctx) {
    const task = await ctx.services.tasks.reopen(ctx.actor, number, originOf(ctx));
    return reply.card(ctx.t("task.reopened", { number }), taskFields(task, ctx));
  },
});

export const leadTask = defineCommand({
  name: "lead task",
  usage: "/lead task <id> <title> [@member] [due <when>]",
  example: "/lead task 12 Send the quote @anna due fri 15:00",
  summary: "cmd.lead.task",
  args: headAndRest(leadNumber, taskLine),
  async run([number, input], ctx) {
    const task = await ctx.services.tasks.add(ctx.actor, { ...input, leadNumber: number }, originOf(ctx));
    return reply.card(ctx.t("task.created", { number: task.number }), taskFields(task, ctx));
  },
});

export const taskCommands = [taskAdd, taskList, taskShow, taskDone, taskSnooze, taskReopen, leadTask];
