import { z } from "zod";
import { UNDO_MINUTES } from "../../domain/shared/archive.js";
import { TASK_EDIT_FIELDS, type ChatRef, type TaskEditField } from "../../domain/tasks/task.js";
import type { NewTaskInput, TaskListScope } from "../../domain/tasks/task.use-cases.js";
import type { Reply } from "../render/reply.js";
import { reply } from "../render/reply.js";
import { archivedTaskReply, taskCard, taskDue, taskFields, taskRow, taskShowCard } from "./task.card.js";

// Other modules (the capture form, App Home) take these from here, where they lived before the cards.
export { taskDue, taskFields };
import { asciiDigits } from "../../domain/shared/numerals.js";
import { defineCommand, fieldThenValue, headAndRest, leadNumber, recordNumber, requiredText, wordsOf, type CommandContext } from "./registry.js";
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
  reads: true,
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
  reads: true,
  usage: "/task show <id>",
  example: "/task show 7",
  summary: "cmd.task.show",
  args: wordsOf(z.tuple([taskNumber])),
  async run([number], ctx) {
    const { task, history } = await ctx.services.tasks.show(ctx.actor, number);
    return taskShowCard(task, history, ctx);
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

/** `<title|due> <value>` of `/task edit`: the due time is read later, as `/task snooze` reads it. */
const taskEditArgs = z.string().transform((text, ctx): { field: TaskEditField; value: string } => {
  const edit = fieldThenValue(text, TASK_EDIT_FIELDS, ctx, { field: "args.task_edit_field", value: "args.edit_value" });
  return edit ?? z.NEVER;
});

export const taskEdit = defineCommand({
  name: "task edit",
  usage: "/task edit <id> <title|due> <value>",
  example: "/task edit 7 due fri 15:00",
  summary: "cmd.task.edit",
  args: headAndRest(taskNumber, taskEditArgs),
  async run([number, { field, value }], ctx) {
    const task = await ctx.services.tasks.edit(ctx.actor, number, field, value, originOf(ctx));
    return taskCard(task, ctx, ctx.t("task.edited", { number, field: ctx.t(field === "title" ? "task.field.title" : "task.field.due") }));
  },
});

export const taskArchive = defineCommand({
  name: "task archive",
  usage: "/task archive <id>",
  example: "/task archive 7",
  summary: "cmd.task.archive",
  args: wordsOf(z.tuple([taskNumber])),
  async run([number], ctx) {
    return archivedTaskReply(await ctx.services.tasks.archive(ctx.actor, number), ctx, UNDO_MINUTES);
  },
});

export const taskCommands = [taskAdd, taskList, taskShow, taskDone, taskSnooze, taskReopen, taskEdit, taskArchive, leadTask];
