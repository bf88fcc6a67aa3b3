import { DateTime } from "luxon";
import { toDecimalString, type Money } from "../../domain/shared/money.js";

/** Numbers, money and dates for one reader: their locale and their time zone. */
export function formatter(locale: string, zone: string) {
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numberFormats.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      numberFormats.set(digits, format);
    }
    return format;
  };
  return {
    zone,
    locale,
    /** "5,000.00 USD": the digits the currency has, grouped for the locale, then the ISO code. */
    money(money: Money): string {
      const decimal = toDecimalString(money);
      const digits = decimal.includes(".") ? decimal.length - decimal.indexOf(".") - 1 : 0;
      // Intl formats a decimal string exactly (no float in between).
      return `${numberFormat(digits).format(decimal as unknown as number)} ${money.currency}`;
    },
    number(value: number): string {
      return numberFormat(0).format(value);
    },
    dateTime(at: DateTime): string {
      return at.setZone(zone).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
    },
    date(at: DateTime): string {
      return at.setZone(zone).setLocale(locale).toLocaleString(DateTime.DATE_MED);
    },
  };
}

export type Formatter = ReturnType<typeof formatter>;
