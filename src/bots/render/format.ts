import { DateTime, type DateTimeFormatOptions } from "luxon";
import { uses24HourClock, type Calendar } from "../../domain/shared/calendar.js";
import { calendarOf, type Member, type Workspace } from "../../domain/members/member.js";
import { currencyDisplayOf } from "../../domain/settings/display.js";
import { toDecimalString, type Money } from "../../domain/shared/money.js";
import type { Translate } from "./i18n.js";

/**
 * What a reader of `workspace` sees beyond language and zone: their calendar (their choice, else their
 * language's) and the workspace's rial display. `member` absent: someone the product only knows by locale.
 */
export function displayFor(workspace: Workspace, t: Translate, member?: Member): FormatOptions {
  return {
    ...(member ? { calendar: calendarOf(member, workspace) } : {}),
    irr: currencyDisplayOf(workspace) === "toman" ? { as: "toman", label: t("money.toman") } : { as: "rial" },
  };
}

/** How one reader sees dates and money, beyond their language and zone. */
export type FormatOptions = {
  /** Dates in this calendar (default: Gregorian, or Jalali for `fa`). */
  calendar?: Calendar | undefined;
  /** Rial (IRR) amounts as tomans, labelled with `tomanLabel`: the workspace's `currency-display` setting. */
  irr?: { as: "rial" } | { as: "toman"; label: string } | undefined;
};

/**
 * Currencies shown without decimals when there are none, as local practice writes them: ISO 4217 gives the
 * Armenian dram two decimals (luma) that no price uses, and IRR none (CLDR). An amount that does have a
 * fraction still shows it, so nothing is hidden.
 */
const WHOLE_BY_PRACTICE = new Set(["AMD", "IRR"]);

/**
 * Number formats by locale and fraction digits, for the process: a formatter is made per reader and command,
 * and making an Intl.NumberFormat costs more than the rest of a reply's numbers (a handful of locales).
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormatOf(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}\u0000${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

/** Numbers, money and dates for one reader: their locale, their time zone, their calendar. */
export function formatter(locale: string, zone: string, options: FormatOptions = {}) {
  const numberFormat = (digits: number) => numberFormatOf(locale, digits);
  const calendar = options.calendar ?? (locale.split("-")[0] === "fa" ? "jalali" : "gregorian");
  // Luxon's Persian output calendar is used for display only; calendar arithmetic never goes through it.
  const inCalendar = (at: DateTime) =>
    at.setZone(zone).setLocale(locale).reconfigure({ outputCalendar: calendar === "jalali" ? "persian" : "gregory" });
  const clock: DateTimeFormatOptions = uses24HourClock(locale) ? { hourCycle: "h23" } : {};
  /** Intl formats a decimal string exactly (no float in between). */
  const decimal = (text: string) => {
    const digits = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
    return numberFormat(digits).format(text as unknown as number);
  };
  return {
    zone,
    locale,
    calendar,
    /**
     * "5,000.00 USD": the digits the currency has, grouped for the locale, then the ISO code. AMD and IRR
     * drop a zero fraction ("450,000 AMD"); IRR is shown in tomans where the workspace asks ("45,000,000
     * toman" for 450,000,000 IRR, "0.5 toman" for 5 rials).
     */
    money(money: Money): string {
      if (money.currency === "IRR" && options.irr?.as === "toman") {
        // IRR has no minor unit, so `minor` is rials: a toman is ten of them.
        const sign = money.minor < 0 ? "-" : "";
        const rials = Math.abs(money.minor);
        const tomans = `${sign}${Math.trunc(rials / 10)}${rials % 10 ? `.${rials % 10}` : ""}`;
        return `${decimal(tomans)} ${options.irr.label}`;
      }
      const text = toDecimalString(money);
      return `${decimal(WHOLE_BY_PRACTICE.has(money.currency) ? text.replace(/\.0+$/, "") : text)} ${money.currency}`;
    },
    number(value: number): string {
      return numberFormat(0).format(value);
    },
    dateTime(at: DateTime): string {
      return inCalendar(at).toLocaleString({ ...DateTime.DATETIME_MED, ...clock });
    },
    date(at: DateTime): string {
      return inCalendar(at).toLocaleString(DateTime.DATE_MED);
    },
  };
}

export type Formatter = ReturnType<typeof formatter>;
