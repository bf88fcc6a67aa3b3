import { requiredText } from "../commands/registry.js";
import { defineForm } from "./form.js";

/**
 * The reason for rejecting an invoice, asked when Reject is pressed (a modal on Slack, a reply prompt on
 * Telegram). The invoice is the button's, carried as the form's context; the answer makes
 * `/invoice reject <ref> <reason>`, so the rejection is the typed command's, with its checks.
 */
export const invoiceRejectForm = defineForm({
  command: "invoice reject",
  title: "form.reject.title",
  opensBare: false,
  fields: [{ key: "reason", kind: "multiline", label: "form.reject.reason", example: "form.reject.reason_example", check: requiredText("args.reason_required") }],
  toArgs: (values, context) => `${context ?? ""} ${String(values.reason ?? "").trim()}`,
  fieldOf: () => "reason",
});
