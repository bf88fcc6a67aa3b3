import { leadFields } from "../commands/lead.commands.js";
import { originOf, taskFields } from "../commands/task.commands.js";
import { reply } from "../render/reply.js";
import { answerOf, defineForm } from "./form.js";

/** The stored form name of a capture: a door starts one with the message text as the answer to "text". */
export const CAPTURE_FORM = "capture";

/** Leads offered as buttons to note on: the most recent open ones; others are found with /lead find. */
const MAX_LEAD_CHOICES = 8;
/** A task's title is the message's first line, cut here; the whole message is its lead's note when it has one. */
const TASK_TITLE_LENGTH = 120;

const firstLine = (message: string) => {
  const line = message.split("\n").find((candidate) => candidate.trim() !== "")?.trim() ?? "";
  return line.length > TASK_TITLE_LENGTH ? `${line.slice(0, TASK_TITLE_LENGTH - 1)}…` : line;
};

/**
 * A client's message turned into a record without retyping it (Slack's "Add to Threadline" shortcut, messages
 * forwarded to the Telegram bot): a new lead whose first note is the message, a note on a lead, or a task.
 * The door fills in `text` (with who wrote it and, on Slack, a link to it); the person only chooses.
 */
export const captureForm = defineForm({
  command: CAPTURE_FORM,
  title: "form.capture.title",
  fields: [
    {
      key: "kind",
      kind: "choice",
      label: "form.capture.kind",
      choices: async (ctx) => [
        { value: "lead", label: ctx.t("form.capture.as_lead") },
        { value: "note", label: ctx.t("form.capture.as_note") },
        { value: "task", label: ctx.t("form.capture.as_task") },
      ],
    },
    {
      key: "lead",
      kind: "choice",
      label: "form.capture.lead",
      when: (values) => values.kind === "note",
      async choices(ctx) {
        const { leads } = await ctx.services.leads.list(ctx.actor, { kind: "open" });
        return leads
          .toSorted((a, b) => b.number - a.number)
          .slice(0, MAX_LEAD_CHOICES)
          .map((lead) => ({ value: String(lead.number), label: `#${ctx.fmt.number(lead.number)} ${lead.title}` }));
      },
    },
    { key: "name", kind: "text", label: "form.capture.name", example: "form.lead.name_example", when: (values) => values.kind === "lead" },
    { key: "text", kind: "multiline", label: "form.capture.text" },
  ],
  async run(values, ctx) {
    const message = answerOf(values, "text");
    switch (answerOf(values, "kind")) {
      case "lead": {
        const created = await ctx.services.leads.add(ctx.actor, { name: answerOf(values, "name"), value: null, email: null, phone: null });
        const lead = await ctx.services.leads.addNote(ctx.actor, created.number, message);
        return reply.card(ctx.t("form.capture.lead_created", { number: lead.number }), leadFields(lead, ctx));
      }
      case "note": {
        const number = Number(answerOf(values, "lead"));
        await ctx.services.leads.addNote(ctx.actor, number, message);
        return { lines: [ctx.t("lead.noted", { number })], tone: "ok" };
      }
      default: {
        const task = await ctx.services.tasks.add(ctx.actor, { title: firstLine(message), assignee: null, leadNumber: null, when: null }, originOf(ctx));
        return reply.card(ctx.t("task.created", { number: task.number }), taskFields(task, ctx));
      }
    }
  },
});
