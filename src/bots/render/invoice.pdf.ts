import PDFDocument from "pdfkit";
import { balanceOf, type Invoice } from "../../domain/invoices/invoice.js";
import { dateText, decimalText, rateText, type View } from "./invoice.view.js";
import { formatter } from "./format.js";
import { translator } from "./i18n.js";

/**
 * A one-page A4 invoice, in the invoice's own language (the catalog's pdf.* keys), with pdfkit's built-in
 * Helvetica: no font files to ship or download. Those standard fonts cover Latin-1 only, so Persian or
 * Armenian text (a customer name, a description) does not render: that needs an embedded Unicode font and
 * right-to-left shaping, which this does not pretend to do. `compress: false` keeps the text readable in
 * the bytes, for tests.
 */
export async function invoicePdf(
  invoice: Invoice,
  seller: { name: string; timezone: string },
  options: { compress?: boolean } = {},
): Promise<Uint8Array> {
  const view: View = { t: translator(invoice.locale), fmt: formatter(invoice.locale, seller.timezone) };
  const { t } = view;
  const money = (minor: number) => view.fmt.money({ minor, currency: invoice.currency });
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    compress: options.compress ?? true,
    info: { Title: invoice.number ?? t("pdf.draft", { number: invoice.draftNumber }), Author: seller.name },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  const left = 50;
  const width = doc.page.width - 100;
  const oneLine = { lineBreak: false, ellipsis: true } as const;

  // Header: seller on the left, the document's name and number on the right.
  doc.font("Helvetica-Bold").fontSize(16).text(seller.name, left, 50, { width: width / 2, ...oneLine });
  doc.font("Helvetica-Bold").fontSize(22).text(t("pdf.invoice"), left, 50, { width, align: "right" });
  doc
    .font("Helvetica")
    .fontSize(11)
    .text(invoice.number ?? t("pdf.draft", { number: invoice.draftNumber }), left, 80, { width, align: "right" });

  let y = 120;
  const row = (label: string, value: string) => {
    doc.font("Helvetica").fontSize(10).fillColor("#555555").text(label, left, y, { width: 110 });
    doc.fillColor("#000000").text(value, left + 110, y, { width: width - 110, ...oneLine });
    y += 16;
  };
  row(t("pdf.bill_to"), invoice.customer.name);
  row(t("pdf.issued"), invoice.issueDate ? dateText(invoice.issueDate, view) : t("invoice.issued.on_approval"));
  row(t("pdf.due"), invoice.dueDate ? dateText(invoice.dueDate, view) : t("invoice.due.net", { days: invoice.netDays ?? 0 }));

  // The lines as a table; MAX_LINES keeps them on one page, long descriptions end in an ellipsis.
  y += 20;
  const columns = [
    { key: t("pdf.col.description"), x: left, w: width - 300, align: "left" as const },
    { key: t("pdf.col.quantity"), x: left + width - 300, w: 60, align: "right" as const },
    { key: t("pdf.col.price"), x: left + width - 240, w: 110, align: "right" as const },
    { key: t("pdf.col.amount"), x: left + width - 120, w: 120, align: "right" as const },
  ];
  doc.font("Helvetica-Bold").fontSize(10);
  for (const column of columns) doc.text(column.key, column.x, y, { width: column.w, align: column.align });
  y += 16;
  doc.moveTo(left, y).lineTo(left + width, y).strokeColor("#999999").stroke();
  y += 6;
  doc.font("Helvetica").fontSize(10);
  for (const line of invoice.lines) {
    const cells = [line.description, decimalText(line.quantityMilli, 3, view), money(line.unitPriceMinor), money(line.amountMinor)];
    cells.forEach((cell, index) => {
      const column = columns[index]!;
      doc.text(cell, column.x, y, { width: column.w, align: column.align, ...oneLine });
    });
    y += 16;
  }
  doc.moveTo(left, y).lineTo(left + width, y).strokeColor("#999999").stroke();
  y += 10;

  // Totals, right-aligned under the amount column.
  const total = (label: string, value: string, bold = false) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 12 : 10);
    doc.text(label, left + width - 300, y, { width: 170, align: "right" });
    doc.text(value, left + width - 120, y, { width: 120, align: "right" });
    y += bold ? 20 : 16;
  };
  const { totals } = invoice;
  total(t("invoice.field.subtotal"), money(totals.subtotal));
  if (invoice.discount) {
    const label =
      invoice.discount.kind === "rate"
        ? t("invoice.field.discount_rate", { rate: rateText(invoice.discount.rate, view) })
        : t("invoice.field.discount");
    total(label, `-${money(totals.discount)}`);
  }
  for (const tax of totals.taxes) total(t("invoice.field.tax", { rate: rateText(tax.rate, view) }), money(tax.minor));
  total(t("invoice.field.total"), money(totals.total), true);
  if (invoice.paidMinor > 0) {
    total(t("invoice.field.paid"), money(invoice.paidMinor));
    total(t("invoice.field.balance"), money(balanceOf(invoice)), true);
  }

  if (invoice.notes) {
    y += 14;
    doc.font("Helvetica-Bold").fontSize(10).text(t("invoice.field.notes"), left, y);
    doc.font("Helvetica").fontSize(10).text(invoice.notes, left, y + 14, { width, height: 120, ellipsis: true });
  }
  if (invoice.dueDate) {
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor("#555555")
      .text(t("pdf.footer", { date: dateText(invoice.dueDate, view) }), left, doc.page.height - 80, { width, align: "center", ...oneLine });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
