import { z } from "zod";
import { parseQuantity, parseRate } from "../../domain/invoices/invoice.totals.js";
import { DomainError } from "../../domain/shared/errors.js";
import { asciiNumerals, LIST_SEPARATOR } from "../../domain/shared/numerals.js";
import { invoiceNewArgs } from "../commands/invoice.args.js";
import { requiredText } from "../commands/registry.js";
import { answerOf, defineForm } from "./form.js";

/** A check by one of the domain's own readers: its DomainError becomes the field's problem. */
const readBy = (read: (text: string) => unknown) =>
  z.string().superRefine((answer, ctx) => {
    try {
      read(answer);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.addIssue({ code: "custom", message: error.code, params: Object.fromEntries(Object.entries(error.params).map(([key, value]) => [key, String(value)])) });
    }
  });

/** The parts of the line are separated by ";": an answer holding one would split the invoice apart. */
const oneLinePart = (message: "args.invoice_customer" | "form.invoice.no_separator") =>
  requiredText(message).refine((answer) => !LIST_SEPARATOR.test(answer), { message: "form.invoice.no_separator" });

/** The typed grammar reading one part after a valid customer and line: what it refuses, the form refuses. */
const asPart = (prefix: string, message: "form.invoice.price_bad" | "form.invoice.line_bad" | "form.invoice.tax_bad" | "form.invoice.discount_bad") =>
  z.string().superRefine((answer, ctx) => {
    const parsed = invoiceNewArgs.safeParse(`x ; ${prefix}${answer}`);
    if (parsed.success) return;
    const issue = parsed.error.issues[0]!;
    // "I can't read this part" would quote the probe, not what they wrote: this field's own message instead.
    if (issue.message === "args.invoice_part") ctx.addIssue({ code: "custom", message, params: { text: answer } });
    else ctx.addIssue({ code: "custom", message: issue.message, ...("params" in issue && issue.params ? { params: issue.params } : {}) });
  });

/** "14" is net 14 days; anything else is a due date ("2026-12-20", "1405/10/01"). */
const dueArgs = (answer: string) => (/^\d{1,4}$/.test(asciiNumerals(answer)) ? `net ${asciiNumerals(answer)}` : `due ${answer}`);

/**
 * `/invoice new` asked as a form: the customer, its lines (description, quantity, price), then tax, discount
 * and when it is due. The answers become the typed line ("Acme Corp ; Design sprint 10 x 450 USD ; tax 9% ;
 * net 14"), so the draft and its totals are the same as the typed command's.
 */
export const invoiceNewForm = defineForm({
  command: "invoice new",
  title: "form.invoice.title",
  fields: [
    { key: "customer", kind: "text", label: "form.invoice.customer", example: "form.invoice.customer_example", check: oneLinePart("args.invoice_customer") },
    {
      key: "line",
      kind: "group",
      label: "form.invoice.line",
      example: "form.invoice.line_example",
      initialItems: 2,
      check: asPart("", "form.invoice.line_bad"),
      parts: [
        { key: "description", kind: "text", label: "form.invoice.description", example: "form.invoice.description_example", check: oneLinePart("form.invoice.no_separator") },
        { key: "quantity", kind: "text", label: "form.invoice.quantity", example: "form.invoice.quantity_example", check: readBy((answer) => parseQuantity(asciiNumerals(answer))) },
        { key: "price", kind: "text", label: "form.invoice.price", example: "form.invoice.price_example", check: asPart("a 1 x ", "form.invoice.price_bad") },
      ],
      join: (parts) => `${parts.description!.trim()} ${parts.quantity!.trim()} x ${parts.price!.trim()}`,
      partOf: (issue) => (issue === "args.unknown_currency" ? "price" : undefined),
    },
    {
      key: "tax",
      kind: "text",
      label: "form.invoice.tax",
      example: "form.invoice.tax_example",
      optional: true,
      check: readBy((answer) => parseRate(asciiNumerals(answer))),
    },
    { key: "discount", kind: "text", label: "form.invoice.discount", example: "form.invoice.discount_example", optional: true, check: asPart("a 1 x 1 ; discount ", "form.invoice.discount_bad") },
    { key: "due", kind: "text", label: "form.invoice.due", example: "form.invoice.due_example", optional: true },
  ],
  toArgs(values) {
    const lines = (values.line as string[] | undefined) ?? [];
    const tax = answerOf(values, "tax");
    const discount = answerOf(values, "discount");
    const due = answerOf(values, "due");
    return [answerOf(values, "customer"), ...lines, tax ? `tax ${tax}` : "", discount ? `discount ${discount}` : "", due ? dueArgs(due) : ""]
      .filter(Boolean)
      .join(" ; ");
  },
  fieldOf: (issue) =>
    issue === "args.invoice_customer" ? "customer" : issue === "args.invoice_net" ? "due" : issue.startsWith("args.invoice_") || issue === "args.unknown_currency" ? "line" : undefined,
});
