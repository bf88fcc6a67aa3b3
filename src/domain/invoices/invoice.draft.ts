import { DomainError } from "../shared/errors.js";
import { isCurrency, parseAmount } from "../shared/money.js";
import { cleanBody, cleanName } from "../shared/text.js";
import { parseCalendarDate, type CalendarDate, type InvoiceLine } from "./invoice.js";
import { computeTotals, MAX_LINES, parseQuantity, parseRate, type Discount, type Totals } from "./invoice.totals.js";

/** Payment terms when an invoice names none. */
export const DEFAULT_NET_DAYS = 14;
export const MAX_NET_DAYS = 365;

/**
 * What a user wrote, still as text: the command grammar splits it into parts, the domain reads the numbers
 * (a price only means something once the currency is known). `null` means "not given".
 */
export type InvoiceSpec = {
  lines: { description: string; quantity: string; price: string; currency: string | null }[];
  /** [] means "tax none". */
  taxes: string[] | null;
  discount: { kind: "amount"; amount: string; currency: string | null } | { kind: "rate"; rate: string } | { kind: "none" } | null;
  due: { kind: "date"; date: string } | { kind: "net"; days: number } | null;
  notes: string | null;
};

export type CustomerSpec = { kind: "name"; name: string } | { kind: "lead"; number: number };

/** The content of a draft, read and checked: what the repository writes. */
export type DraftContent = {
  currency: string;
  lines: InvoiceLine[];
  discount: Discount | null;
  taxRates: number[];
  totals: Totals;
  dueDate: CalendarDate | null;
  netDays: number | null;
  notes: string | null;
};

/**
 * Reads a spec into draft content, on top of `base` when editing (parts not given keep their value; lines
 * given replace all lines). The currency is the one the prices name, which must all agree, else the base's,
 * else the workspace's default.
 */
export function draftContent(
  spec: InvoiceSpec,
  base: DraftContent | null,
  defaultCurrency: string,
  today: CalendarDate,
  /** How the writer's dates are read ("1405/09/15" for a Jalali reader); ISO only by default. */
  readDate: (text: string) => CalendarDate = parseCalendarDate,
): DraftContent {
  const named = new Set(
    [...spec.lines.map((line) => line.currency), spec.discount?.kind === "amount" ? spec.discount.currency : null]
      .filter((code): code is string => code !== null)
      .map((code) => code.toUpperCase()),
  );
  if (named.size > 1) throw new DomainError("invoice.mixed_currencies", { currencies: [...named].sort().join(", ") });
  const currency = [...named][0] ?? base?.currency ?? defaultCurrency;
  if (!isCurrency(currency)) throw new DomainError("invoice.unknown_currency", { value: currency });
  if (base && spec.lines.length === 0 && currency !== base.currency) {
    throw new DomainError("invoice.mixed_currencies", { currencies: [base.currency, currency].sort().join(", ") });
  }

  if (spec.lines.length > MAX_LINES) throw new DomainError("invoice.too_many_lines", { max: MAX_LINES });
  const lines =
    spec.lines.length > 0
      ? spec.lines.map((line) => {
          const quantityMilli = parseQuantity(line.quantity);
          const unitPriceMinor = parseAmount(line.price, currency).minor;
          return { description: cleanName(line.description, "description"), quantityMilli, unitPriceMinor, amountMinor: 0 };
        })
      : (base?.lines ?? []);
  if (lines.length === 0) throw new DomainError("invoice.no_lines");

  const discount: Discount | null =
    spec.discount === null
      ? (base?.discount ?? null)
      : spec.discount.kind === "none"
        ? null
        : spec.discount.kind === "rate"
          ? { kind: "rate", rate: parseRate(spec.discount.rate) }
          : { kind: "amount", minor: parseAmount(spec.discount.amount, currency).minor };
  const taxRates = spec.taxes === null ? (base?.taxRates ?? []) : spec.taxes.map(parseRate);

  let dueDate = base?.dueDate ?? null;
  let netDays = base?.netDays ?? (base ? null : DEFAULT_NET_DAYS);
  if (spec.due?.kind === "date") {
    dueDate = readDate(spec.due.date);
    if (dueDate < today) throw new DomainError("invoice.due_in_past", { date: dueDate });
    netDays = null;
  } else if (spec.due?.kind === "net") {
    if (spec.due.days > MAX_NET_DAYS) throw new DomainError("invoice.bad_net_days", { max: MAX_NET_DAYS });
    netDays = spec.due.days;
    dueDate = null;
  }

  const totals = computeTotals(lines, discount, taxRates);
  return {
    currency,
    lines: lines.map((line, index) => ({ ...line, amountMinor: totals.lines[index]! })),
    discount,
    taxRates,
    totals,
    dueDate,
    netDays,
    notes: spec.notes === null ? (base?.notes ?? null) : spec.notes === "" ? null : cleanBody(spec.notes, "notes", 1000),
  };
}

