import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { draftContent, type InvoiceSpec } from "../../src/domain/invoices/invoice.draft.js";
import {
  computeTotals,
  divideHalfUp,
  lineAmount,
  parseQuantity,
  parseRate,
  RATE_SCALE,
  type Discount,
} from "../../src/domain/invoices/invoice.totals.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { currencyDigits } from "../../src/domain/shared/money.js";

/** The rounding rule written out independently, with exact rationals: half up to a whole minor unit. */
const roundHalfUp = (numerator: bigint, denominator: bigint) => {
  const quotient = numerator / denominator;
  return 2n * (numerator % denominator) >= denominator ? quotient + 1n : quotient;
};

const line = fc.record({
  quantityMilli: fc.integer({ min: 1, max: 100_000_000 }),
  unitPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
});
const rate = fc.integer({ min: 0, max: RATE_SCALE });
const discount: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  rate.map((value): Discount => ({ kind: "rate", rate: value })),
  fc.integer({ min: 0, max: 1_000_000 }).map((minor): Discount => ({ kind: "amount", minor })),
);

describe("invoice totals", () => {
  it("rounds each line half up: 1.5 h × 0.05 = 0.075 → 0.08, 0.0749 → 0.07", () => {
    expect(lineAmount({ quantityMilli: 1500, unitPriceMinor: 5 })).toBe(8);
    expect(lineAmount({ quantityMilli: 1499, unitPriceMinor: 5 })).toBe(7);
    expect(lineAmount({ quantityMilli: 2500, unitPriceMinor: 1 })).toBe(3); // half up, not half-even (which gives 2)
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(7n, 2n)).toBe(4n);
  });

  it("totals the issue's example: 10 × 450.00 + 1 × 20.00 with 9% tax is 4,520.00 + 406.80 = 4,926.80", () => {
    const totals = computeTotals(
      [
        { quantityMilli: 10_000, unitPriceMinor: 45_000 },
        { quantityMilli: 1000, unitPriceMinor: 2000 },
      ],
      null,
      [9000],
    );
    expect(totals).toEqual({
      lines: [450_000, 2000],
      subtotal: 452_000,
      discount: 0,
      taxes: [{ rate: 9000, minor: 40_680 }],
      tax: 40_680,
      total: 492_680,
    });
  });

  it("is the sum of the rounded lines, minus the rounded discount, plus each tax rounded on the discounted base", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), discount, fc.array(rate, { maxLength: 3 }), (lines, disc, rates) => {
        const rounded = lines.map((l) => roundHalfUp(BigInt(l.quantityMilli) * BigInt(l.unitPriceMinor), 1000n));
        const subtotal = rounded.reduce((a, b) => a + b, 0n);
        const off = disc === null ? 0n : disc.kind === "amount" ? BigInt(disc.minor) : roundHalfUp(subtotal * BigInt(disc.rate), 100_000n);
        if (off > subtotal) {
          expect(() => computeTotals(lines, disc, rates)).toThrow(DomainError);
          return;
        }
        const taxes = rates.map((r) => roundHalfUp((subtotal - off) * BigInt(r), 100_000n));
        const totals = computeTotals(lines, disc, rates);
        expect(totals.lines.map(BigInt)).toEqual(rounded);
        expect(BigInt(totals.subtotal)).toBe(subtotal);
        expect(BigInt(totals.discount)).toBe(off);
        expect(totals.taxes.map((t) => BigInt(t.minor))).toEqual(taxes);
        expect(BigInt(totals.total)).toBe(subtotal - off + taxes.reduce((a, b) => a + b, 0n));
        expect(totals.total).toBeGreaterThanOrEqual(0);
        for (const value of [totals.subtotal, totals.discount, totals.tax, totals.total]) expect(Number.isSafeInteger(value)).toBe(true);
      }),
    );
  });

  it("never goes negative and never exceeds subtotal plus every tax in full", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.array(rate, { maxLength: 3 }), (lines, rates) => {
        const totals = computeTotals(lines, { kind: "rate", rate: RATE_SCALE }, rates);
        expect(totals.total).toBe(0); // a 100% discount leaves nothing to tax
        const plain = computeTotals(lines, null, rates);
        expect(plain.total).toBeGreaterThanOrEqual(plain.subtotal);
      }),
    );
  });

  it.each([
    ["JPY", 0, "1200", 1200],
    ["USD", 2, "12.34", 1234],
    ["BHD", 3, "1.234", 1234],
  ])("respects %s's %i decimals: prices, lines and totals are whole minor units", (currency, digits, price, minor) => {
    expect(currencyDigits(currency)).toBe(digits);
    const spec: InvoiceSpec = {
      lines: [{ description: "Work", quantity: "1.5", price, currency }],
      taxes: ["7.5%"],
      discount: null,
      due: null,
      notes: null,
    };
    const draft = draftContent(spec, null, "USD", "2026-11-25");
    expect(draft.currency).toBe(currency);
    expect(draft.lines[0]!.unitPriceMinor).toBe(minor);
    expect(draft.lines[0]!.amountMinor).toBe(Math.round(minor * 1.5));
    expect(draft.totals.tax).toBe(Number(roundHalfUp(BigInt(draft.totals.subtotal) * 7500n, 100_000n)));
    // One decimal more than the currency has is refused, not rounded away.
    const tooPrecise = { ...spec, lines: [{ ...spec.lines[0]!, price: `${price.split(".")[0]}.${"1".repeat(digits + 1)}` }] };
    expect(() => draftContent(tooPrecise, null, "USD", "2026-11-25")).toThrow(/money\.(too_many_decimals|bad_amount)/);
  });

  it("reads quantities as exact thousandths and rates as thousandths of a percent", () => {
    expect(parseQuantity("1.5")).toBe(1500);
    expect(parseQuantity("0.001")).toBe(1);
    expect(parseQuantity("10")).toBe(10_000);
    for (const bad of ["0", "1.2345", "-1", "abc", "1e3"]) expect(() => parseQuantity(bad)).toThrow(DomainError);
    expect(parseRate("9%")).toBe(9000);
    expect(parseRate("7.25")).toBe(7250);
    expect(parseRate("0%")).toBe(0);
    for (const bad of ["101%", "1.2345%", "-5%", "x"]) expect(() => parseRate(bad)).toThrow(DomainError);
  });

  it("refuses a discount larger than the subtotal and prices in two currencies", () => {
    const base = { taxes: null, due: null, notes: null };
    expect(() =>
      draftContent({ ...base, lines: [{ description: "A", quantity: "1", price: "10", currency: "USD" }], discount: { kind: "amount", amount: "11", currency: null } }, null, "USD", "2026-11-25"),
    ).toThrow("invoice.discount_too_large");
    expect(() =>
      draftContent(
        {
          ...base,
          discount: null,
          lines: [
            { description: "A", quantity: "1", price: "10", currency: "USD" },
            { description: "B", quantity: "1", price: "10", currency: "EUR" },
          ],
        },
        null,
        "USD",
        "2026-11-25",
      ),
    ).toThrow("invoice.mixed_currencies");
  });

  it("takes the workspace's currency when no price names one, and net 14 when no terms are given", () => {
    const draft = draftContent(
      { lines: [{ description: "A", quantity: "2", price: "1000", currency: null }], taxes: null, discount: null, due: null, notes: null },
      null,
      "AMD",
      "2026-11-25",
    );
    expect(draft.currency).toBe("AMD");
    expect(draft.netDays).toBe(14);
    expect(draft.totals.total).toBe(2000 * 10 ** currencyDigits("AMD"));
  });
});
