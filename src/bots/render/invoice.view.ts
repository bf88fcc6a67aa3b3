import { DateTime } from "luxon";
import type { TimelineEntry } from "../../domain/leads/lead.js";
import { balanceOf, daysBetween, isOverdue, type ApprovalRound, type CalendarDate, type Invoice } from "../../domain/invoices/invoice.js";
import { scaledToDecimal } from "../../domain/invoices/invoice.totals.js";
import type { Formatter } from "./format.js";
import type { Translate } from "./i18n.js";
import type { Field, Reply } from "./reply.js";

/** What rendering an invoice needs: the reader's words and formats. A CommandContext has both. */
export type View = { t: Translate; fmt: Formatter };

/** "INV-2026-0001", or "draft 3" before it has a number. */
export function refText(invoice: Pick<Invoice, "number" | "draftNumber">, { t }: View): string {
  return invoice.number ?? t("invoice.ref.draft", { number: invoice.draftNumber });
}

/** The token a user types to name it in a command: "INV-2026-0001" or "3". */
export function refToken(invoice: Pick<Invoice, "number" | "draftNumber">): string {
  return invoice.number ?? String(invoice.draftNumber);
}

export function invoiceTitle(invoice: Invoice, view: View): string {
  return invoice.number
    ? view.t("invoice.title.numbered", { number: invoice.number, customer: invoice.customer.name })
    : view.t("invoice.title.draft", { number: invoice.draftNumber, customer: invoice.customer.name });
}

/** A calendar date in the reader's locale (it has no zone of its own, so none is applied). */
export function dateText(date: CalendarDate, { fmt }: View): string {
  return fmt.date(DateTime.fromISO(date, { zone: fmt.zone }));
}

/** An exact decimal ("1.5", "7.25") in the reader's locale, with no float in between. */
export function decimalText(scaled: number, decimals: number, { fmt }: View): string {
  return new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: decimals }).format(
    scaledToDecimal(scaled, decimals) as unknown as number,
  );
}

export const rateText = (rate: number, view: View) => `${decimalText(rate, 3, view)}%`;

export function stateText(invoice: Invoice, today: CalendarDate, view: View): string {
  const state = view.t(`invoice.state.${invoice.state}`);
  if (!isOverdue(invoice, today)) return state;
  return view.t("invoice.state.overdue", { state, days: daysBetween(invoice.dueDate!, today) });
}

export function lineTexts(invoice: Invoice, view: View): string[] {
  const money = (minor: number) => view.fmt.money({ minor, currency: invoice.currency });
  return invoice.lines.map((line) =>
    view.t("invoice.line", {
      description: line.description,
      quantity: decimalText(line.quantityMilli, 3, view),
      price: money(line.unitPriceMinor),
      amount: money(line.amountMinor),
    }),
  );
}

/** Subtotal, discount, taxes, total, and what was paid and is left: label and amount, the totals marked strong. */
export function totalRows(invoice: Invoice, view: View, minus = "−"): Array<Field & { strong?: boolean }> {
  const { t } = view;
  const money = (minor: number) => view.fmt.money({ minor, currency: invoice.currency });
  const { totals } = invoice;
  const rows: Array<Field & { strong?: boolean }> = [{ label: t("invoice.field.subtotal"), value: money(totals.subtotal) }];
  if (invoice.discount) {
    const label =
      invoice.discount.kind === "rate"
        ? t("invoice.field.discount_rate", { rate: rateText(invoice.discount.rate, view) })
        : t("invoice.field.discount");
    rows.push({ label, value: `${minus}${money(totals.discount)}` });
  }
  for (const tax of totals.taxes) rows.push({ label: t("invoice.field.tax", { rate: rateText(tax.rate, view) }), value: money(tax.minor) });
  rows.push({ label: t("invoice.field.total"), value: money(totals.total), strong: true });
  if (invoice.paidMinor > 0) {
    rows.push({ label: t("invoice.field.paid"), value: money(invoice.paidMinor) });
    rows.push({ label: t("invoice.field.balance"), value: money(balanceOf(invoice)), strong: true });
  }
  return rows;
}

export function invoiceFields(invoice: Invoice, today: CalendarDate, view: View): Field[] {
  const { t } = view;
  const fields: Field[] = [
    { label: t("invoice.field.customer"), value: invoice.customer.name },
    { label: t("invoice.field.state"), value: stateText(invoice, today, view) },
    {
      label: t("invoice.field.issued"),
      value: invoice.issueDate ? dateText(invoice.issueDate, view) : t("invoice.issued.on_approval"),
    },
    {
      label: t("invoice.field.due"),
      value: invoice.dueDate ? dateText(invoice.dueDate, view) : t("invoice.due.net", { days: invoice.netDays ?? 0 }),
    },
    ...totalRows(invoice, view).map(({ label, value }) => ({ label, value })),
  ];
  if (invoice.notes) fields.push({ label: t("invoice.field.notes"), value: invoice.notes });
  if (invoice.voidReason) fields.push({ label: t("invoice.field.void_reason"), value: invoice.voidReason });
  return fields;
}

/** The invoice as a card: title, its fields, its lines, and any extra lines or buttons. */
export function invoiceCard(invoice: Invoice, today: CalendarDate, view: View, extra: Omit<Reply, "title" | "fields"> = {}): Reply {
  return {
    title: invoiceTitle(invoice, view),
    fields: invoiceFields(invoice, today, view),
    ...extra,
    lines: [...lineTexts(invoice, view), ...(extra.lines ?? [])],
    tone: extra.tone ?? "info",
  };
}

export function listRow(invoice: Invoice, today: CalendarDate, view: View): string {
  return view.t("invoice.list.row", {
    ref: refText(invoice, view),
    customer: invoice.customer.name,
    total: view.fmt.money({ minor: invoice.totals.total, currency: invoice.currency }),
    state: stateText(invoice, today, view),
  });
}

/** "Approved by Anna at Nov 25, 2026, 3:02 PM: INV-2026-0001" or "Rejected by Anna at …: <reason>". */
export function decisionText(round: ApprovalRound, invoice: Invoice, view: View): string {
  const by = round.decidedBy?.displayName ?? view.t("timeline.someone");
  const when = round.decidedAt ? view.fmt.dateTime(round.decidedAt) : "";
  return round.decision === "approved"
    ? view.t("invoice.decided.approved", { by, when, number: invoice.number ?? "" })
    : view.t("invoice.decided.rejected", { by, when, reason: round.reason ?? "" });
}

export function timelineText(entry: TimelineEntry, view: View): string {
  const when = view.fmt.dateTime(entry.at);
  const actor = entry.actor ?? view.t("timeline.someone");
  const after = (field: string) => String(entry.changes[field]?.[1] ?? "");
  switch (entry.action) {
    case "invoice.created":
    case "invoice.edited":
    case "invoice.submitted":
    case "invoice.sent":
    case "invoice.payment":
    case "invoice.paid":
      return view.t(`timeline.${entry.action}`, { when, actor });
    case "invoice.approved":
      return view.t("timeline.invoice.approved", { when, actor, number: after("number") });
    case "invoice.rejected":
    case "invoice.voided":
      return view.t(`timeline.${entry.action}`, { when, actor, reason: after("reason") });
    default:
      return view.t("timeline.other", { when, actor, action: entry.action });
  }
}
