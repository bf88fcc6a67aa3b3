import { balanceOf, refOf } from "../../domain/invoices/invoice.js";
import { answerOf, defineForm } from "./form.js";

/** Invoices offered as buttons: the unpaid ones, oldest first, as many as a phone shows comfortably. */
const MAX_INVOICE_CHOICES = 8;

/**
 * `/invoice paid` asked as a form: which unpaid invoice (a button each, with what is still owed), how much
 * (skipped: the whole balance) and when (skipped: today). The answers make `/invoice paid <ref> [amount] [date]`.
 */
export const invoicePaidForm = defineForm({
  command: "invoice paid",
  title: "form.payment.title",
  fields: [
    {
      key: "invoice",
      kind: "choice",
      label: "form.payment.invoice",
      async choices(ctx) {
        const { invoices } = await ctx.services.invoices.list(ctx.actor, "unpaid");
        return invoices.slice(0, MAX_INVOICE_CHOICES).map((invoice) => ({
          value: refOf(invoice),
          label: ctx.t("form.payment.choice", { ref: refOf(invoice), customer: invoice.customer.name, balance: ctx.fmt.money({ minor: balanceOf(invoice), currency: invoice.currency }) }),
        }));
      },
    },
    { key: "amount", kind: "text", label: "form.payment.amount", example: "form.payment.amount_example", optional: true },
    { key: "date", kind: "text", label: "form.payment.date", example: "form.payment.date_example", optional: true },
  ],
  toArgs: (values) => [answerOf(values, "invoice"), answerOf(values, "amount"), answerOf(values, "date")].filter(Boolean).join(" "),
  fieldOf: (issue) => (issue === "args.invoice_ref" ? "invoice" : issue === "args.payment" ? "amount" : undefined),
});
