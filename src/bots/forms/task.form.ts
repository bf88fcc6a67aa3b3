import { requiredText } from "../commands/registry.js";
import { answerOf, defineForm, quoted, type FormField, type FormValues } from "./form.js";

/** Buttons are few on a phone: the first members by name, the rest are typed as @handle in /task add. */
const MAX_MEMBER_CHOICES = 8;

/** What a task form asks: what, who (a button per member; skipped: the one asking), and when. */
const taskFields: FormField[] = [
    { key: "title", kind: "text", label: "form.task.what", example: "form.task.what_example", check: requiredText("args.title_required") },
    {
      key: "assignee",
      kind: "choice",
      label: "form.task.who",
      optional: true,
      async choices(ctx) {
        const members = await ctx.services.workspaces.members(ctx.actor);
        const others = members.filter((member) => member.id !== ctx.actor.member.id && member.kind === "person");
        const me = { value: ctx.actor.member.handle, label: ctx.t("form.task.me") };
        return [me, ...others.slice(0, MAX_MEMBER_CHOICES - 1).map((member) => ({ value: member.handle, label: `@${member.handle}` }))];
      },
    },
    { key: "due", kind: "text", label: "form.task.due", example: "form.task.due_example", optional: true },
];

/** The answers as the task grammar's line. The title is quoted, so no word of it is read as a due time. */
function taskLine(values: FormValues): string {
  const who = answerOf(values, "assignee");
  const due = answerOf(values, "due");
  return [quoted(answerOf(values, "title")), who ? `@${who}` : "", due ? `due ${due}` : ""].filter(Boolean).join(" ");
}

const fieldOf = (issue: string) => (issue === "args.title_required" ? "title" : issue === "args.due_missing" ? "due" : "assignee");

/** `/task add` asked as a form. */
export const taskAddForm = defineForm({ command: "task add", title: "form.task.title", fields: taskFields, toArgs: taskLine, fieldOf });

/** A lead card's Add task: the same questions, for `/lead task <lead> …` (the lead is the form's context). */
export const leadTaskForm = defineForm({
  command: "lead task",
  title: "form.task.title",
  opensBare: false,
  fields: taskFields,
  toArgs: (values, lead) => `${lead ?? ""} ${taskLine(values)}`,
  fieldOf,
});
