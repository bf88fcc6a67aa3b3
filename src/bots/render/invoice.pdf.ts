import PDFDocument from "pdfkit";
import type { Invoice } from "../../domain/invoices/invoice.js";
import type { Seller } from "../../domain/invoices/seller.js";
import { dateText, decimalText, totalRows, type View } from "./invoice.view.js";
import { isolateLtr, pdfText, type Direction, type TextStyle } from "./pdf/pdf-line.js";

/** Languages whose invoices read right to left, with the whole page mirrored. */
const RTL_LANGUAGES = new Set(["fa", "ar", "he", "ur", "ps", "ckb"]);
export const directionOf = (locale: string): Direction => (RTL_LANGUAGES.has(locale.split("-")[0]!) ? "rtl" : "ltr");

const MARGIN = 50;
const GREY = "#555555";
/** A column's room on either side of its widest cell. */
const GUTTER = 12;
/** The description column never gets narrower than this; the number columns give way (their text shrinks) first. */
const MIN_DESCRIPTION = 150;

/**
 * A one-page A4 invoice in the reader's language (`view`: their words, digits, calendar), with embedded
 * Unicode fonts (src/bots/render/pdf/pdf-fonts.ts) so Persian and Armenian print, shaped and in bidi order.
 * For a right-to-left language the page is mirrored: seller and labels on the right, amounts on the left.
 * `compress: false` keeps the content streams readable, for tests.
 */
export async function invoicePdf(
  invoice: Invoice,
  { seller, view }: { seller: Seller; view: View },
  options: { compress?: boolean } = {},
): Promise<Uint8Array> {
  const { t } = view;
  const money = (minor: number) => view.fmt.money({ minor, currency: invoice.currency });
  const title = invoice.number ?? t("pdf.draft", { number: invoice.draftNumber });
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    compress: options.compress ?? true,
    lang: view.fmt.locale,
    info: { Title: title, Author: seller.name },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  const direction = directionOf(view.fmt.locale);
  const pdf = pdfText(doc, direction);
  const width = doc.page.width - 2 * MARGIN;
  const start = MARGIN;
  const regular = (size: number, color?: string): TextStyle => ({ size, ...(color ? { color } : {}) });
  const bold = (size: number): TextStyle => ({ size, weight: "bold" });

  // Header: the seller at the start edge, the document's name and number at the end edge.
  // User text (names, addresses, descriptions, notes) takes its direction from its first letter.
  const auto = { paragraph: "auto" } as const;
  pdf.box(seller.name, bold(16), { x: start, y: 50, width: width / 2, overflow: "ellipsis", ...auto });
  let sellerY = 72;
  const sellerLines = [
    seller.address && { text: seller.address, ...auto },
    // A phone number or an id keeps its own order in a right-to-left line ("+98 21 1234 5678", not "5678 1234 21 +98").
    seller.phone && { text: t("pdf.seller.phone", { phone: isolateLtr(seller.phone) }) },
    seller.taxId && { text: t("pdf.seller.tax_id", { taxId: isolateLtr(seller.taxId) }) },
  ];
  for (const line of sellerLines) {
    if (!line) continue;
    pdf.box(line.text, regular(9, GREY), { x: start, y: sellerY, width: width / 2 + 40, overflow: "ellipsis", ...line });
    sellerY += 13;
  }
  pdf.box(t("pdf.invoice"), bold(22), { x: start + width / 2, y: 46, width: width / 2, align: "end", overflow: "shrink" });
  pdf.box(title, regular(11), { x: start + width / 2, y: 80, width: width / 2, align: "end", overflow: "shrink" });

  let y = Math.max(125, sellerY + 14);
  const LABEL = 110;
  const row = (label: string, value: string, user = false) => {
    pdf.box(label, regular(10, GREY), { x: start, y, width: LABEL - 8, overflow: "ellipsis" });
    pdf.box(value, regular(10), { x: start + LABEL, y, width: width - LABEL, overflow: "ellipsis", ...(user ? auto : {}) });
    y += 16;
  };
  row(t("pdf.bill_to"), invoice.customer.name, true);
  row(t("pdf.issued"), invoice.issueDate ? dateText(invoice.issueDate, view) : t("invoice.issued.on_approval"));
  row(t("pdf.due"), invoice.dueDate ? dateText(invoice.dueDate, view) : t("invoice.due.net", { days: invoice.netDays ?? 0 }));

  // The lines as a table. The number columns are as wide as their widest cell (a total in rials is long),
  // the description takes the rest; amounts are never cut, only printed smaller when they cannot fit.
  const cells = invoice.lines.map((line) => [
    line.description,
    decimalText(line.quantityMilli, 3, view),
    money(line.unitPriceMinor),
    money(line.amountMinor),
  ]);
  // The PDF's minus is the ASCII one: every face has it, and it extracts as typed.
  const totals = totalRows(invoice, view, "-");

  const headers = [t("pdf.col.description"), t("pdf.col.quantity"), t("pdf.col.price"), t("pdf.col.amount")];
  const widest = (index: number, extra: string[] = [], size = 10) =>
    Math.max(pdf.width(headers[index]!, bold(10)), ...cells.map((cell) => pdf.width(cell[index]!, regular(size))), ...extra.map((text) => pdf.width(text, bold(12))));
  let numberWidths = [widest(1), widest(2), widest(3, totals.map((row) => row.value))].map((w) => Math.ceil(w) + GUTTER);
  const room = width - MIN_DESCRIPTION;
  const needed = numberWidths.reduce((a, b) => a + b, 0);
  if (needed > room) numberWidths = numberWidths.map((w) => (w * room) / needed);
  const [quantityWidth, priceWidth, amountWidth] = numberWidths as [number, number, number];
  const descriptionWidth = width - quantityWidth - priceWidth - amountWidth;
  const columns = [
    { x: start, w: descriptionWidth - GUTTER, align: "start" as const },
    { x: start + descriptionWidth, w: quantityWidth, align: "end" as const },
    { x: start + descriptionWidth + quantityWidth, w: priceWidth, align: "end" as const },
    { x: start + width - amountWidth, w: amountWidth, align: "end" as const },
  ];

  y += 20;
  headers.forEach((header, index) => {
    const column = columns[index]!;
    pdf.box(header, bold(10), { x: column.x, y, width: column.w, align: column.align, overflow: index === 0 ? "ellipsis" : "shrink" });
  });
  y += 16;
  pdf.rule(start, y, width);
  y += 6;
  for (const line of cells) {
    line.forEach((cell, index) => {
      const column = columns[index]!;
      const description = index === 0;
      pdf.box(cell, regular(10), { x: column.x, y, width: column.w, align: column.align, overflow: description ? "ellipsis" : "shrink", ...(description ? auto : {}) });
    });
    y += 16;
  }
  pdf.rule(start, y, width);
  y += 10;

  // Totals: the label before the amount column, the value in it.
  const labelWidth = Math.min(260, width - amountWidth);
  for (const total of totals) {
    const style = total.strong ? bold(12) : regular(10);
    pdf.box(total.label, style, { x: start + width - amountWidth - labelWidth, y, width: labelWidth - GUTTER, align: "end", overflow: "ellipsis" });
    pdf.box(total.value, style, { x: start + width - amountWidth, y, width: amountWidth, align: "end", overflow: "shrink" });
    y += total.strong ? 20 : 16;
  }

  if (invoice.notes) {
    y += 14;
    pdf.box(t("invoice.field.notes"), bold(10), { x: start, y, width });
    y += 16;
    // Notes wrap between words and keep above the footer; the last line that fits takes the rest, cut with "…".
    const style = regular(10);
    const maxLines = Math.max(1, Math.floor((doc.page.height - 100 - y) / 14));
    const lines: string[] = [];
    let current = "";
    for (const word of invoice.notes.split(/\s+/).filter(Boolean)) {
      const next = current ? `${current} ${word}` : word;
      if (!current || lines.length === maxLines - 1 || pdf.width(next, style, "auto") <= width) current = next;
      else {
        lines.push(current);
        current = word;
      }
    }
    if (current) lines.push(current);
    for (const line of lines) {
      pdf.box(line, style, { x: start, y, width, overflow: "ellipsis", ...auto });
      y += 14;
    }
  }
  if (invoice.dueDate) {
    pdf.box(t("pdf.footer", { date: dateText(invoice.dueDate, view) }), regular(9, GREY), {
      x: start,
      y: doc.page.height - 80,
      width,
      align: "center",
      overflow: "ellipsis",
    });
  }
  pdf.finish();
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
