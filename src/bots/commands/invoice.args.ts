import { z } from "zod";
import { parseInvoiceRef, type InvoiceRef } from "../../domain/invoices/invoice.js";
import type { CustomerSpec, InvoiceSpec } from "../../domain/invoices/invoice.draft.js";
import { INVOICE_SCOPES, type InvoiceScope } from "../../domain/invoices/invoice.use-cases.js";
import { currencyWord, tomanAsRials } from "../../domain/shared/money.js";
import { asciiDigits, asciiNumerals, LIST_SEPARATOR } from "../../domain/shared/numerals.js";

/**
 * The invoice grammar: parts separated by ";" (or the Persian "؛"), each recognised by its shape. The
 * numbers stay text here; the domain reads them once it knows the currency. A part that fits no shape is
 * named in the error. Numbers may use Persian or Arabic-Indic digits and the separators ٬ ٫ ٪; each part
 * is matched on a copy with ASCII numerals (same length), and the description is taken from the part as
 * typed. A price in toman ("۴۵۰٬۰۰۰ تومان") is an IRR price ten times as large.
 *   <description> <qty> x <price> [CUR|toman|rial]    tax <rate>% | tax none    discount <amount [CUR]|rate%|none>
 *   due <YYYY-MM-DD>    net <days>    note <text> | note none
 */
const CURRENCY = "([A-Za-z]{3,6}|تومان|تومن|ریال)";
const LINE = new RegExp(`^(.+?)\\s+(\\d+(?:\\.\\d+)?)\\s*[x×*]\\s*(\\d[\\d,]*(?:\\.\\d+)?)(?:\\s*${CURRENCY})?$`);
const AMOUNT = new RegExp(`^(\\d[\\d,]*(?:\\.\\d+)?)(?:\\s*${CURRENCY})?$`);

type PriceText = { amount: string; currency: string | null };

/** A price and the currency word after it: toman becomes rials here, so the domain only ever sees IRR. */
function priceOf(amount: string, word: string | undefined): PriceText | Issue {
  if (word === undefined) return { amount, currency: null };
  const currency = currencyWord(word);
  if (!currency) return { message: "args.unknown_currency", params: { value: word } };
  return { amount: currency.toman ? tomanAsRials(amount) : amount, currency: currency.currency };
}

type Issue = { message: string; params?: Record<string, string> };

function readParts(parts: string[]): { spec: InvoiceSpec; issue: Issue | null } {
  const spec: InvoiceSpec = { lines: [], taxes: null, discount: null, due: null, notes: null };
  for (const part of parts) {
    const numeric = asciiNumerals(part);
    const line = LINE.exec(numeric);
    if (line) {
      const price = priceOf(line[3]!, line[4]);
      if ("message" in price) return { spec, issue: price };
      // The description as typed: the numeric copy has the same length, so its prefix is the original's.
      spec.lines.push({ description: part.slice(0, line[1]!.length), quantity: line[2]!, price: price.amount, currency: price.currency });
      continue;
    }
    const [keyword = "", ...restWords] = part.split(/\s+/);
    const numericRest = numeric.split(/\s+/).slice(1).join(" ");
    const rest = keyword.toLowerCase().startsWith("note") ? restWords.join(" ") : numericRest;
    switch (keyword.toLowerCase()) {
      case "tax":
        if (/^none$/i.test(rest)) spec.taxes = [];
        else if (rest) spec.taxes = [...(spec.taxes ?? []), rest];
        else return { spec, issue: { message: "args.invoice_part", params: { part } } };
        continue;
      case "discount": {
        const amount = AMOUNT.exec(rest);
        if (/^none$/i.test(rest)) spec.discount = { kind: "none" };
        else if (rest.endsWith("%")) spec.discount = { kind: "rate", rate: rest };
        else if (amount) {
          const price = priceOf(amount[1]!, amount[2]);
          if ("message" in price) return { spec, issue: price };
          spec.discount = { kind: "amount", ...price };
        }
        else return { spec, issue: { message: "args.invoice_part", params: { part } } };
        continue;
      }
      case "due":
        spec.due = { kind: "date", date: rest };
        continue;
      case "net":
        if (!/^\d{1,4}(\s*days?)?$/i.test(rest)) return { spec, issue: { message: "args.invoice_net", params: { part } } };
        spec.due = { kind: "net", days: Number.parseInt(rest, 10) };
        continue;
      case "note":
      case "notes":
        spec.notes = /^none$/i.test(rest) ? "" : rest;
        continue;
      default:
        return { spec, issue: { message: "args.invoice_part", params: { part } } };
    }
  }
  return { spec, issue: null };
}

const splitParts = (text: string) =>
  text
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter(Boolean);

/** `/invoice new <customer> ; <line> [; <line>…] [; tax 9%] [; discount 10%] [; net 14]` */
export const invoiceNewArgs = z.string().transform((text, ctx): { customer: CustomerSpec; spec: InvoiceSpec } => {
  const [first = "", ...parts] = splitParts(text);
  if (!first || LINE.test(asciiNumerals(first))) {
    ctx.addIssue({ code: "custom", message: "args.invoice_customer" });
    return z.NEVER;
  }
  const lead = /^lead:#?(\d{1,9})$/i.exec(asciiDigits(first));
  const customer: CustomerSpec = lead ? { kind: "lead", number: Number(lead[1]) } : { kind: "name", name: first };
  const { spec, issue } = readParts(parts);
  if (issue) {
    ctx.addIssue({ code: "custom", ...issue });
    return z.NEVER;
  }
  if (spec.lines.length === 0) {
    ctx.addIssue({ code: "custom", message: "args.invoice_no_lines" });
    return z.NEVER;
  }
  return { customer, spec };
});

/** An invoice named by its draft number or INV number, then the rest of the text. */
export function refThen<R extends z.ZodType<unknown, string>>(rest: R) {
  return z.string().transform((text, ctx): [InvoiceRef, z.output<R>] => {
    const match = /^((?:draft\s+)?#?\d+|inv-\d{4}-\d+)\s*([\s\S]*)$/i.exec(asciiDigits(text.trim()));
    const ref = match ? parseInvoiceRef(match[1]!) : null;
    if (!match || !ref) {
      ctx.addIssue({ code: "custom", message: "args.invoice_ref" });
      return z.NEVER;
    }
    const parsed = rest.safeParse(match[2]!);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const params = "params" in issue ? (issue.params as Record<string, string>) : undefined;
      ctx.addIssue({ code: "custom", message: issue.message, ...(params ? { params } : {}) });
      return z.NEVER;
    }
    return [ref, parsed.data];
  });
}

export const invoiceRef = refThen(z.string().max(0, "args.invoice_ref")).transform(([ref]) => ref);

/** `/invoice edit <ref> ; <parts>`: the parts given replace what the draft has. */
export const invoiceEditArgs = refThen(
  z.string().transform((text, ctx): InvoiceSpec => {
    const { spec, issue } = readParts(splitParts(text));
    if (issue) {
      ctx.addIssue({ code: "custom", ...issue });
      return z.NEVER;
    }
    if (spec.lines.length === 0 && spec.taxes === null && spec.discount === null && spec.due === null && spec.notes === null) {
      ctx.addIssue({ code: "custom", message: "args.invoice_edit_nothing" });
      return z.NEVER;
    }
    return spec;
  }),
);

export const invoiceScope = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx): InvoiceScope => {
    const scope = text === "" ? "open" : text;
    if (!(INVOICE_SCOPES as readonly string[]).includes(scope)) {
      ctx.addIssue({ code: "custom", message: "args.invoice_scope" });
      return z.NEVER;
    }
    return scope as InvoiceScope;
  });

const PAYMENT_DATE = /^\d{1,4}([/.-])\d{1,2}\1\d{1,4}$|^\d{1,2}\/\d{1,2}$/;

/** `[amount] [date]` after the invoice: either, both or neither. */
export const paymentArgs = refThen(
  z.string().transform((text, ctx) => {
    let amount: string | null = null;
    let currency: string | null = null;
    let date: string | null = null;
    for (const word of asciiNumerals(text).split(/\s+/).filter(Boolean)) {
      // A date has a year or a slash ("2026-12-01", "1405/09/15", "15.12.2026", "12/01"); "10.30" is an amount.
      if (PAYMENT_DATE.test(word) && date === null) date = word;
      else if (/^-?\d[\d,]*(\.\d+)?$/.test(word) && amount === null) amount = word;
      else if (amount !== null && currency === null && currencyWord(word)) {
        const named = currencyWord(word)!;
        currency = named.currency;
        if (named.toman) amount = tomanAsRials(amount);
      } else if (/^[A-Za-z]{3}$/.test(word) && amount !== null && currency === null) currency = word.toUpperCase();
      else {
        ctx.addIssue({ code: "custom", message: "args.payment", params: { text: word } });
        return z.NEVER;
      }
    }
    return { amount, currency, date };
  }),
);
