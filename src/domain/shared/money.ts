import { DomainError } from "./errors.js";

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
 * binary fraction can creep in. More decimals than the currency has is an error, not a silent rounding.
 */
export function parseAmount(text: string, currency: string): Money {
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new DomainError("money.bad_amount", { text });
  const digits = currencyDigits(currency);
  const whole = match[1]!.replaceAll(",", "");
  const fraction = match[2] ?? "";
  if (fraction.length > digits) throw new DomainError("money.too_many_decimals", { currency, digits });
  const minor = Number(BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0"));
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_UNITS) throw new DomainError("money.too_large", { text });
  return { minor, currency };
}

/** The exact decimal string of an amount ("5000.00"), for Intl to format without float rounding. */
export function toDecimalString(money: Money): string {
  const digits = currencyDigits(money.currency);
  const sign = money.minor < 0 ? "-" : "";
  const abs = BigInt(Math.abs(money.minor)).toString().padStart(digits + 1, "0");
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
