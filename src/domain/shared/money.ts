import { DomainError } from "./errors.js";
import { asciiNumerals } from "./numerals.js";

/** Money is integer minor units plus an ISO 4217 code; never a float. */
export type Money = { minor: number; currency: string };

/** Past this a value is a typo, not a deal; it also keeps every amount a safe JavaScript integer. */
export const MAX_MINOR_UNITS = 1_000_000_000_000_000;

const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

/** Digits after the decimal point as ISO 4217 (via Intl) defines them: USD 2, JPY 0, IRR 0, BHD 3. */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
// Building an Intl.NumberFormat costs far more than the lookup; every amount shown asks.
const digitsByCurrency = new Map<string, number>();

/**
 * Reads "5000", "5,000", "5000.5" or "5,000.50" as minor units of `currency`, by string arithmetic so no
 * binary fraction can creep in; Persian and Arabic-Indic digits and the separators ٬ and ٫ too
 * ("۴۵۰٬۰۰۰٬۰۰۰"). More decimals than the currency has is an error, not a silent rounding.
 */
export function parseAmount(typed: string, currency: string): Money {
  const text = asciiNumerals(typed.trim());
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new DomainError("money.bad_amount", { text: typed });
  const digits = currencyDigits(currency);
  const whole = match[1]!.replaceAll(",", "");
  const fraction = match[2] ?? "";
  if (fraction.length > digits) throw new DomainError("money.too_many_decimals", { currency, digits });
  const minor = Number(BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0"));
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_UNITS) throw new DomainError("money.too_large", { text });
  return { minor, currency };
}

/**
 * A currency as people write it after an amount: an ISO 4217 code in any case ("usd", "IRR"), or the rial
 * and the toman by name, in Latin or Persian letters ("rial", "ریال", "toman", "تومان"). A toman is 10
 * rials: the amount is stored in rials (IRR), whatever the workspace shows.
 */
export function currencyWord(word: string): { currency: string; toman: boolean } | null {
  const lower = word.trim().toLowerCase();
  if (TOMAN_WORDS.has(lower)) return { currency: "IRR", toman: true };
  if (RIAL_WORDS.has(lower)) return { currency: "IRR", toman: false };
  const code = lower.toUpperCase();
  return isCurrency(code) ? { currency: code, toman: false } : null;
}

/** An amount as written, before the currency is settled: `currency` null means the workspace's default. */
export type AmountText = { amount: string; currency: string | null };

export function readMoney({ amount, currency }: AmountText, defaultCurrency: string): Money {
  return parseAmount(amount, currency ?? defaultCurrency);
}

/** An amount in tomans as the same amount in rials, by moving the decimal point ("45.5" → "455", "450,000" → "4500000"). */
export function tomanAsRials(typed: string): string {
  const text = asciiNumerals(typed.trim());
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return typed;
  const whole = match[1]!.replaceAll(",", "");
  const fraction = match[2] ?? "";
  const shifted = `${whole}${fraction.slice(0, 1).padEnd(1, "0")}`.replace(/^0+(?=\d)/, "");
  return fraction.length > 1 ? `${shifted}.${fraction.slice(1)}` : shifted;
}

const TOMAN_WORDS = new Set(["toman", "tomans", "تومان", "تومن"]);
const RIAL_WORDS = new Set(["rial", "rials", "ریال"]);

/** The exact decimal string of an amount ("5000.00"), for Intl to format without float rounding. */
export function toDecimalString(money: Money): string {
  const digits = currencyDigits(money.currency);
  const sign = money.minor < 0 ? "-" : "";
  const abs = BigInt(Math.abs(money.minor)).toString().padStart(digits + 1, "0");
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
