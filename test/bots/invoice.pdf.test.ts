import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { invoicePdf } from "../../src/bots/render/invoice.pdf.js";
import type { Invoice } from "../../src/domain/invoices/invoice.js";
import { computeTotals, MAX_LINES } from "../../src/domain/invoices/invoice.totals.js";
import { formatter } from "../../src/bots/render/format.js";
import { translator } from "../../src/bots/render/i18n.js";
import type { View } from "../../src/bots/render/invoice.view.js";
import type { Seller } from "../../src/domain/invoices/seller.js";
import { execFileSync } from "node:child_process";
import { pdfPageCount, pdfText, pdfWords, squashed } from "../support/pdf-text.js";

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

const seller: Seller = { name: "Threadline Studio", address: null, taxId: null, phone: null };
const view = (locale: string, zone = "UTC"): View => ({ t: translator(locale), fmt: formatter(locale, zone) });
const en = { seller, view: view("en") };

describe("invoice PDF", () => {
  it("is a one-page PDF with the seller, customer, number, lines, totals and due date", async () => {
    const bytes = await invoicePdf(anInvoice(), en, { compress: false });
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
    const bytes = await invoicePdf(draft, en, { compress: false });
    expect(pdfPageCount(bytes)).toBe(1);
    const text = pdfText(bytes);
    expect(text).toContain("DRAFT 7, not yet approved");
    expect(text).toContain("when approved");
    expect(text).toContain("20.00 USD");
  });

  it("compresses by default and the text is still there once inflated", async () => {
    const compressed = await invoicePdf(anInvoice(), en);
    expect(Buffer.from(compressed).toString("latin1")).toContain("FlateDecode");
    expect(pdfText(compressed)).toContain("INV-2026-0001");
  });
});

/** A Persian customer's invoice in rials: 10 × 450,000 IRR with 10% tax, issued 2026-11-25 (4 Azar 1405). */
function aRialInvoice(locale: string, overrides: Partial<Invoice> = {}): Invoice {
  const lines = [{ description: "طراحی سایت (فاز ۱)", quantityMilli: 10_000, unitPriceMinor: 450_000, amountMinor: 4_500_000 }];
  return anInvoice({
    customer: { id: "c", name: "شرکت آرین" },
    currency: "IRR",
    locale,
    lines,
    discount: null,
    taxRates: [10_000],
    totals: computeTotals(lines, null, [10_000]),
    notes: null,
    ...overrides,
  });
}

const persianSeller: Seller = { name: "استودیو رشته", address: "تهران، خیابان ولیعصر، پلاک ۱۲", taxId: "411-22-33", phone: "+98 21 1234 5678" };
const PAGE_RIGHT = 595.28 - 50;

function pdfFonts(bytes: Uint8Array): string {
  return execFileSync("pdffonts", ["-"], { input: Buffer.from(bytes), encoding: "utf8" });
}

/** Words on the page whose text is `text` as drawn (pdftotext -bbox gives right-to-left words in drawing order). */
const wordsDrawn = (words: ReturnType<typeof pdfWords>, text: string) => words.filter((word) => word.text === text);

describe("invoice PDF in Persian and Armenian", () => {
  it("prints a Persian invoice right to left, mirrored, with Persian digits and Jalali dates", async () => {
    const bytes = await invoicePdf(aRialInvoice("fa"), { seller: persianSeller, view: view("fa", "Asia/Tehran") });
    expect(pdfPageCount(bytes)).toBe(1);
    const text = squashed(pdfText(bytes));
    // pdftotext gives right-to-left stretches in logical order; whether it also puts the pieces of a mixed
    // line (words and numbers) in logical order depends on its guess of the page's direction (by majority),
    // so mixed lines are checked by where their words are drawn instead (below).
    for (const expected of ["استودیو رشته", "خیابان ولیعصر", "پلاک", "شرکت آرین", "طراحی سایت", "فاز", "۴۵۰٬۰۰۰", "۴٬۵۰۰٬۰۰۰", "۴٬۹۵۰٬۰۰۰", "آذر", "۱۴۰۵"]) {
      expect(text).toContain(squashed(expected));
    }
    // On a page in Persian (labels too) pdftotext reads whole lines in logical order.
    for (const expected of ["فاکتور", "خریدار", "تاریخ صدور", "جمع کل", "۴ آذر ۱۴۰۵", "تهران، خیابان ولیعصر، پلاک ۱۲", "شناسه مالیاتی", "411-22-33"]) {
      expect(text).toContain(squashed(expected));
    }
    // No Latin digit is left in a date or an amount.
    expect(text.replace("INV-2026-0001", "")).not.toMatch(/4,?500,?000|2026/);
    // The phone number keeps its order inside the right-to-left line: "+98" is drawn left of "5678".
    const drawnWords = pdfWords(bytes);
    expect(wordsDrawn(drawnWords, "+98")[0]!.xMax).toBeLessThan(wordsDrawn(drawnWords, "5678")[0]!.xMin);

    const words = pdfWords(bytes);
    // The issue date reads "۴ آذر ۱۴۰۵" from the right: the day rightmost, the year leftmost.
    const [day] = wordsDrawn(words, "۴");
    const month = wordsDrawn(words, "رذآ").find((word) => Math.abs(word.yMin - day!.yMin) < 2);
    const year = wordsDrawn(words, "۱۴۰۵").find((word) => Math.abs(word.yMin - day!.yMin) < 2);
    expect(day!.xMin).toBeGreaterThan(month!.xMax);
    expect(month!.xMin).toBeGreaterThan(year!.xMax);
    // Mirrored: the seller's name ends at the right margin, the invoice's title starts at the left one.
    expect(Math.max(...wordsDrawn(words, "ویدوتسا").map((word) => word.xMax))).toBeCloseTo(PAGE_RIGHT, 0);
    expect(Math.min(...wordsDrawn(words, "INV-2026-0001").map((word) => word.xMin))).toBeCloseTo(50, 0);
    // Letters joined by the font's shaping and lam-alef extracted as typed, not reversed.
    const address = await invoicePdf(aRialInvoice("fa", { customer: { id: "c", name: "کالای ایرانی" } }), { seller: persianSeller, view: view("fa") });
    expect(squashed(pdfText(address))).toContain(squashed("کالای ایرانی"));
  });

  it("prints an Armenian invoice with Armenian text and dates, in Noto Sans Armenian", async () => {
    const lines = [{ description: "Կայքի ձևավորում", quantityMilli: 2000, unitPriceMinor: 150_000, amountMinor: 300_000 }];
    const invoice = anInvoice({
      customer: { id: "c", name: "Արարատ ՍՊԸ" },
      currency: "AMD",
      locale: "hy",
      lines,
      discount: null,
      taxRates: [20_000],
      totals: computeTotals(lines, null, [20_000]),
      notes: "Շնորհակալություն",
    });
    const bytes = await invoicePdf(invoice, { seller: { ...seller, name: "Երևան Դիզայն" }, view: view("hy", "Asia/Yerevan") });
    const text = pdfText(bytes);
    for (const expected of ["Երևան Դիզայն", "Արարատ ՍՊԸ", "Կայքի ձևավորում", "Շնորհակալություն", "25 նոյ, 2026 թ.", "9 դեկ, 2026 թ."]) {
      expect(text).toContain(expected);
    }
    expect(pdfFonts(bytes)).toMatch(/NotoSansArmenian/);
  });

  it("prints a Persian customer in Persian on an English invoice, left to right around it", async () => {
    const bytes = await invoicePdf(aRialInvoice("en"), { seller, view: view("en") });
    const text = pdfText(bytes);
    expect(squashed(text)).toContain(squashed("شرکت آرین"));
    expect(squashed(text)).toContain(squashed("طراحی سایت"));
    expect(text).toContain("4,950,000 IRR");
    expect(text).toContain("Nov 25, 2026");
    expect(pdfFonts(bytes)).toMatch(/Vazirmatn/);
    // The left-to-right page keeps the seller at the left margin.
    expect(Math.min(...wordsDrawn(pdfWords(bytes), "Threadline").map((word) => word.xMin))).toBeCloseTo(50, 0);
  });

  it("keeps the longest rial amounts whole and on the page, in either direction", async () => {
    const price = 999_999_999_999;
    const lines = [
      { description: "پروژه بزرگ", quantityMilli: 999_000, unitPriceMinor: price, amountMinor: price * 999 },
      { description: "Support", quantityMilli: 1000, unitPriceMinor: 1, amountMinor: 1 },
    ];
    for (const locale of ["fa", "en", "hy"]) {
      const invoice = aRialInvoice(locale, { lines, taxRates: [], totals: computeTotals(lines, null, []) });
      const bytes = await invoicePdf(invoice, { seller, view: view(locale) });
      const words = pdfWords(bytes);
      for (const word of words) {
        expect(word.xMax, `${locale}: "${word.text}" ends at ${word.xMax}`).toBeLessThanOrEqual(PAGE_RIGHT + 0.5);
        expect(word.xMin, `${locale}: "${word.text}" starts at ${word.xMin}`).toBeGreaterThanOrEqual(49.5);
      }
      const total = formatter(locale, "UTC").number(price * 999 + 1);
      expect(squashed(pdfText(bytes))).toContain(squashed(total));
    }
  });

  it("prints the seller's address, phone and tax id under their name", async () => {
    const bytes = await invoicePdf(anInvoice(), { seller: { name: "Threadline Studio", address: "12 Main St, Yerevan", phone: "+374 10 123456", taxId: "AM-0042" }, view: view("en") });
    const text = pdfText(bytes);
    for (const expected of ["Threadline Studio", "12 Main St, Yerevan", "Phone: +374 10 123456", "Tax ID: AM-0042"]) expect(text).toContain(expected);
  });
});
