import { LEAD_EDIT_FIELDS } from "../../domain/leads/lead.js";
import { TASK_EDIT_FIELDS } from "../../domain/tasks/task.js";
import { requiredText } from "../commands/registry.js";
import type { MessageKey } from "../render/messages.en.js";
import { answerOf, defineForm, type FormSpec } from "./form.js";

/**
 * A card's Edit: which field (a button each), then its new value, for `<command> <record> <field> <value>`:
 * the typed edit's checks, and the timeline shows before → after. The record is the form's context.
 */
function editForm(
  command: "lead edit" | "task edit",
  fields: readonly string[],
  label: (field: string) => MessageKey,
  { fieldIssue, example }: { fieldIssue: string; example: MessageKey },
): FormSpec {
  return defineForm({
    command,
    title: command === "lead edit" ? "form.edit.title" : "form.edit.task_title",
    opensBare: false,
    fields: [
      { key: "field", kind: "choice", label: "form.edit.field", choices: async (ctx) => fields.map((field) => ({ value: field, label: ctx.t(label(field)) })) },
      { key: "value", kind: "text", label: "form.edit.value", example, check: requiredText("args.edit_value") },
    ],
    toArgs: (values, record) => `${record ?? ""} ${answerOf(values, "field")} ${answerOf(values, "value")}`,
    fieldOf: (issue) => (issue === fieldIssue ? "field" : "value"),
  });
}

export const leadEditForm = editForm("lead edit", LEAD_EDIT_FIELDS, (field) => `lead.field.${field}` as MessageKey, {
  fieldIssue: "args.lead_edit_field",
  example: "form.edit.value_example",
});
export const taskEditForm = editForm("task edit", TASK_EDIT_FIELDS, (field) => `task.field.${field}` as MessageKey, {
  fieldIssue: "args.task_edit_field",
  example: "form.task.due_example",
});
