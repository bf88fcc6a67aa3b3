import { DateTime } from "luxon";
import type { MemberRef } from "../leads/lead.js";
import { assertSupportedDate } from "../shared/date-range.js";
import { DomainError } from "../shared/errors.js";
import type { InvoiceState } from "./invoice.states.js";
import type { Discount, Totals } from "./invoice.totals.js";

/** A calendar date, "2026-12-09": issue and due dates have no time and no zone of their own. */
export type CalendarDate = string;

export type InvoiceLine = { description: string; quantityMilli: number; unitPriceMinor: number; amountMinor: number };

export type Invoice = {
  id: string;
  workspaceId: string;
  /** "draft 3": a per-workspace sequence, given at creation. */
  draftNumber: number;
  /** "INV-2026-0001": given when it is approved, never before. */
  number: string | null;
  state: InvoiceState;
  customer: { id: string; name: string };
  leadId: string | null;
  createdBy: MemberRef;
  currency: string;
  /** The language it is written in: its PDF and the messages about it. */
  locale: string;
  lines: InvoiceLine[];
  discount: Discount | null;
  taxRates: number[];
  totals: Totals;
  paidMinor: number;
  issueDate: CalendarDate | null;
  /** Fixed at creation (`due 2026-12-31`), or issue date + netDays once it is issued. */
  dueDate: CalendarDate | null;
  netDays: number | null;
  notes: string | null;
  voidReason: string | null;
  createdAt: DateTime;
  updatedAt: DateTime;
};

export type Payment = { amountMinor: number; paidOn: CalendarDate; recordedBy: MemberRef; at: DateTime };

/** One submission and its single decision. Buttons on an approval request name the round, not the invoice. */
export type ApprovalRound = {
  id: string;
  invoiceId: string;
  submittedBy: MemberRef;
  submittedAt: DateTime;
  decision: "approved" | "rejected" | null;
  decidedBy: MemberRef | null;
  decidedAt: DateTime | null;
  reason: string | null;
};

/** How a user names an invoice: its draft number (3, #3) or its INV number. */
export type InvoiceRef = { kind: "draft"; draftNumber: number } | { kind: "number"; number: string };

/** The invoice's name in messages and errors: its INV number once it has one, else its draft number. */
export function refOf(invoice: Pick<Invoice, "number" | "draftNumber">): string {
  return invoice.number ?? String(invoice.draftNumber);
}

export function formatInvoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(4, "0")}`;
}

/** "3", "#3", "draft 3", "INV-2026-0001" or "inv-2026-1"; null when it is none of these. */
export function parseInvoiceRef(text: string): InvoiceRef | null {
  const value = text.trim();
  const draft = /^(?:draft\s*)?#?(\d{1,9})$/i.exec(value);
  if (draft) return { kind: "draft", draftNumber: Number(draft[1]) };
  const numbered = /^inv-(\d{4})-(\d{1,9})$/i.exec(value);
  if (numbered) return { kind: "number", number: formatInvoiceNumber(Number(numbered[1]), Number(numbered[2])) };
  return null;
}

export function balanceOf(invoice: Pick<Invoice, "totals" | "paidMinor">): number {
  return invoice.totals.total - invoice.paidMinor;
}

/** Today's date where the workspace is: the day that decides issue dates, due dates and being overdue. */
export function todayIn(now: DateTime, zone: string): CalendarDate {
  return now.setZone(zone).toISODate()!;
}

/**
 * Overdue is derived, never stored: an invoice the customer has (sent or part-paid) with money still owed
 * after its due date has ended in the workspace's time zone.
 */
export function isOverdue(invoice: Pick<Invoice, "state" | "dueDate" | "totals" | "paidMinor">, today: CalendarDate): boolean {
  return (
    (invoice.state === "sent" || invoice.state === "partially_paid") &&
    invoice.dueDate !== null &&
    invoice.dueDate < today &&
    balanceOf(invoice) > 0
  );
}

/** Whole days from `from` to `to` (both calendar dates). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round(DateTime.fromISO(to, { zone: "utc" }).diff(DateTime.fromISO(from, { zone: "utc" }), "days").days);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate()!;
}

/** A real calendar date in YYYY-MM-DD, or a DomainError. */
export function parseCalendarDate(text: string): CalendarDate {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone: "utc" }) : null;
  if (!date?.isValid) throw new DomainError("invoice.bad_date", { text });
  assertSupportedDate(date, text);
  return date.toISODate()!;
}
