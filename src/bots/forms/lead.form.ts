import { z } from "zod";
import { asciiDigits } from "../../domain/shared/numerals.js";
import { EMAIL, leadAddArgs, PHONE } from "../commands/lead.commands.js";
import { requiredText } from "../commands/registry.js";
import { answerOf, defineForm, quoted } from "./form.js";

/** A value is what /lead add reads after a name: the same grammar, asked on its own. */
const value = z.string().superRefine((answer, ctx) => {
  const parsed = leadAddArgs.safeParse(`x ${answer}`);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    ctx.addIssue({ code: "custom", message: issue.message, ...("params" in issue && issue.params ? { params: issue.params } : {}) });
  } else if (!parsed.data.value) ctx.addIssue({ code: "custom", message: "form.lead.value_bad", params: { text: answer } });
});

/** One answer for a way to reach them: an email address or a phone number. */
const reach = z.string().refine((answer) => EMAIL.test(answer) || PHONE.test(asciiDigits(answer)), { message: "form.lead.reach_bad" });

/** `/lead add` asked as a form: a name, then optionally its value and an email or phone (three answers at most). */
export const leadAddForm = defineForm({
  command: "lead add",
  title: "form.lead.title",
  fields: [
    { key: "name", kind: "text", label: "form.lead.name", example: "form.lead.name_example", check: requiredText("args.name_required") },
    { key: "value", kind: "text", label: "form.lead.value", example: "form.lead.value_example", optional: true, check: value },
    { key: "reach", kind: "text", label: "form.lead.reach", example: "form.lead.reach_example", optional: true, check: reach },
  ],
  toArgs(values) {
    const reachText = answerOf(values, "reach");
    // Spaces would split a phone into words of the line; the grammar keeps its digits and punctuation.
    const contact = !reachText ? "" : EMAIL.test(reachText) ? `email:${reachText}` : `phone:${reachText.replace(/\s+/g, "")}`;
    return [quoted(answerOf(values, "name")), answerOf(values, "value"), contact].filter(Boolean).join(" ");
  },
  fieldOf: (issue) => (issue === "args.email" || issue === "args.phone" ? "reach" : issue === "args.name_required" ? "name" : "value"),
});

/** A lead card's Note: the text, for `/lead note <lead> <text>` (the lead is the form's context). */
export const leadNoteForm = defineForm({
  command: "lead note",
  title: "form.note.title",
  opensBare: false,
  fields: [{ key: "text", kind: "multiline", label: "form.note.text", example: "form.note.text_example", check: requiredText() }],
  toArgs: (values, lead) => `${lead ?? ""} ${answerOf(values, "text")}`,
  fieldOf: () => "text",
});
