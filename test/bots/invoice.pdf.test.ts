import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { invoicePdf } from "../../src/bots/render/invoice.pdf.js";
import type { Invoice } from "../../src/domain/invoices/invoice.js";
import { computeTotals, MAX_LINES } from "../../src/domain/invoices/invoice.totals.js";
import { pdfPageCount, pdfText } from "../support/pdf-text.js";

function anInvoice(overrides: Partial<Invoice> = {}): Invoice {
  const lines = [
    { description: "Design sprint", quantityMilli: 10_000, unitPriceMinor: 45_000, amountMinor: 450_000 },
    { description: "Hosting", quantityMilli: 1500, unitPriceMinor: 2000, amountMinor: 3000 },
  ];
  const discount = { kind: "rate" as const, rate: 5000 };
  const taxRates = [9000];
  const at = DateTime.fromISO("2026-11-25T09:00:00Z", { zone: "utc" });
  return {
    id: "00000000-0000-0000-0000-000000000001",
    workspaceId: "w",
    draftNumber: 1,
    number: "INV-2026-0001",
    state: "approved",
    customer: { id: "c", name: "Acme Corp" },
    leadId: null,
    createdBy: { id: "m", displayName: "Bob", handle: "bob" },
    currency: "USD",
    locale: "en",
    lines,
    discount,
    taxRates,
    totals: computeTotals(lines, discount, taxRates),
    paidMinor: 0,
    issueDate: "2026-11-25",
    dueDate: "2026-12-09",
    netDays: 14,
    notes: "Thank you for your business.",
    voidReason: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const seller = { name: "Threadline Studio", timezone: "UTC" };

describe("invoice PDF", () => {
  it("is a one-page PDF with the seller, customer, number, lines, totals and due date", async () => {
    const bytes = await invoicePdf(anInvoice(), seller, { compress: false });
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(pdfPageCount(bytes)).toBe(1);
    const text = pdfText(bytes);
    for (const expected of [
      "Threadline Studio",
      "INVOICE",
      "INV-2026-0001",
      "Acme Corp",
      "Design sprint",
      "4,500.00 USD",
      "1.5",
      "Subtotal",
      "4,530.00 USD", // 4,500.00 + 1.5 × 20.00
      "Discount 5%",
      "-226.50 USD",
      "Tax 9%",
      "387.32 USD", // 9% of 4,303.50 = 387.315, half up
      "4,690.82 USD",
      "Dec 9, 2026",
      "Thank you for your business.",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("stays on one page with the most lines an invoice may have, and marks a draft as not yet approved", async () => {
    const lines = Array.from({ length: MAX_LINES }, (_, i) => ({
      description: `Line ${i + 1} with a rather long description that would never fit in its column on the page`,
      quantityMilli: 1000,
      unitPriceMinor: 100,
      amountMinor: 100,
    }));
    const draft = anInvoice({ number: null, state: "draft", draftNumber: 7, lines, totals: computeTotals(lines, null, []), discount: null, taxRates: [], issueDate: null, dueDate: null, notes: "x ".repeat(500) });
    const bytes = await invoicePdf(draft, seller, { compress: false });
    expect(pdfPageCount(bytes)).toBe(1);
    const text = pdfText(bytes);
    expect(text).toContain("DRAFT 7, not yet approved");
    expect(text).toContain("when approved");
    expect(text).toContain("20.00 USD");
  });

  it("compresses by default and the text is still there once inflated", async () => {
    const compressed = await invoicePdf(anInvoice(), seller);
    expect(Buffer.from(compressed).toString("latin1")).toContain("FlateDecode");
    expect(pdfText(compressed)).toContain("INV-2026-0001");
  });
});
