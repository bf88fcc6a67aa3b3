import { requiredText } from "../commands/registry.js";
import { answerOf, defineForm, quoted } from "./form.js";

/** Buttons are few on a phone: the first members by name, the rest are typed as @handle in /task add. */
const MAX_MEMBER_CHOICES = 8;

/** `/task add` asked as a form: what, who (a button per member; skipped: the one asking), and when. */
export const taskAddForm = defineForm({
  command: "task add",
  title: "form.task.title",
  fields: [
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
  ],
  toArgs(values) {
    const who = answerOf(values, "assignee");
    const due = answerOf(values, "due");
    // The title is quoted, so no word of it is read as a due time: the due time has its own question.
    return [quoted(answerOf(values, "title")), who ? `@${who}` : "", due ? `due ${due}` : ""].filter(Boolean).join(" ");
  },
  fieldOf: (issue) => (issue === "args.title_required" ? "title" : issue === "args.due_missing" ? "due" : "assignee"),
});
