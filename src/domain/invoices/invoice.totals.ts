import { DomainError } from "../shared/errors.js";
import { MAX_MINOR_UNITS } from "../shared/money.js";

/**
 * Invoice arithmetic: integer minor units in and out, BigInt in between, so no product overflows and no
 * binary fraction creeps in.
 *
 * THE ROUNDING RULE, the only one: round half up (half away from zero; every amount here is non-negative)
 * to the currency's minor unit, at exactly three points:
 *   1. each line:            quantity × unit price, rounded per line;
 *   2. a percentage discount: rate × subtotal, rounded once;
 *   3. each tax rate:         rate × (subtotal − discount), rounded once per rate.
 * total = Σ rounded lines − discount + Σ rounded taxes. Taxes are all charged on the same discounted base
 * (never tax on tax). Half up, not half-even, because it is what a customer checking the invoice with a
 * calculator or a spreadsheet's ROUND() gets; half-even's lack of bias pays off over millions of postings,
 * not over the few lines of one invoice.
 */

/** Quantities are thousandths of a unit: 1.5 hours is 1500, exactly. */
export const QUANTITY_SCALE = 1000;
/** Rates are thousandths of a percent: 9% is 9000, 7.25% is 7250, 100% is 100000. */
export const RATE_SCALE = 100_000;
export const MAX_QUANTITY_MILLI = 1_000_000 * QUANTITY_SCALE;
export const MAX_LINES = 20;

export type LineAmounts = { quantityMilli: number; unitPriceMinor: number };
export type Discount = { kind: "amount"; minor: number } | { kind: "rate"; rate: number };

export type Totals = {
  /** Each line's rounded amount, in line order. */
  lines: number[];
  subtotal: number;
  discount: number;
  taxes: { rate: number; minor: number }[];
  tax: number;
  total: number;
};

/** a / b rounded half up, for a >= 0 and b > 0. */
export function divideHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

export function lineAmount(line: LineAmounts): number {
  return toSafe(divideHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPriceMinor), BigInt(QUANTITY_SCALE)));
}

export function computeTotals(lines: readonly LineAmounts[], discount: Discount | null, taxRates: readonly number[]): Totals {
  const amounts = lines.map(lineAmount);
  const subtotal = amounts.reduce((sum, amount) => sum + BigInt(amount), 0n);
  const discountMinor =
    discount === null
      ? 0n
      : discount.kind === "amount"
        ? BigInt(discount.minor)
        : divideHalfUp(subtotal * BigInt(discount.rate), BigInt(RATE_SCALE));
  if (discountMinor > subtotal) throw new DomainError("invoice.discount_too_large");
  const base = subtotal - discountMinor;
  const taxes = taxRates.map((rate) => ({ rate, minor: divideHalfUp(base * BigInt(rate), BigInt(RATE_SCALE)) }));
  const tax = taxes.reduce((sum, entry) => sum + entry.minor, 0n);
  return {
    lines: amounts,
    subtotal: toSafe(subtotal),
    discount: toSafe(discountMinor),
    taxes: taxes.map((entry) => ({ rate: entry.rate, minor: toSafe(entry.minor) })),
    tax: toSafe(tax),
    total: toSafe(base + tax),
  };
}

function toSafe(value: bigint): number {
  if (value > BigInt(MAX_MINOR_UNITS)) throw new DomainError("invoice.too_large");
  return Number(value);
}

/** "1.5" → 1500 thousandths. Zero, negatives and more than three decimals are refused. */
export function parseQuantity(text: string): number {
  const match = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(text);
  const milli = match ? Number(match[1]) * QUANTITY_SCALE + Number((match[2] ?? "").padEnd(3, "0")) : 0;
  if (!match || milli <= 0 || milli > MAX_QUANTITY_MILLI) throw new DomainError("invoice.bad_quantity", { text });
  return milli;
}

/** "9%", "9" or "7.25%" → thousandths of a percent, 0% to 100%. */
export function parseRate(text: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?%?$/.exec(text.trim());
  const rate = match ? Number(match[1]) * 1000 + Number((match[2] ?? "").padEnd(3, "0")) : -1;
  if (!match || rate > RATE_SCALE) throw new DomainError("invoice.bad_rate", { text });
  return rate;
}

/** The exact decimal text of a scaled integer: (1500, 3) → "1.5", (9000, 3) → "9". */
export function scaledToDecimal(value: number, decimals: number): string {
  const text = String(value).padStart(decimals + 1, "0");
  const whole = text.slice(0, -decimals);
  const fraction = text.slice(-decimals).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}
