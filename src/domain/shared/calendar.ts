import { Info } from "luxon";

/**
 * The calendar a person reads and writes dates in. Stored UTC instants and ISO calendar dates never change;
 * only what a person types and sees does. Jalali (the Iranian solar calendar) is the default for Persian.
 */
export const CALENDARS = ["gregorian", "jalali"] as const;
export type Calendar = (typeof CALENDARS)[number];

export function isCalendar(value: unknown): value is Calendar {
  return (CALENDARS as readonly unknown[]).includes(value);
}

const language = (locale: string) => locale.toLowerCase().split(/[-_]/)[0]!;

/** The calendar a language brings with it when a person has chosen none: Jalali for Persian, else Gregorian. */
export function defaultCalendar(locale: string): Calendar {
  return language(locale) === "fa" ? "jalali" : "gregorian";
}

/** Luxon weekday (1 = Monday … 7 = Sunday) a week starts on where `locale` is spoken: Saturday for fa, Monday for hy. */
export function weekStartOf(locale: string): number {
  return Info.getStartOfWeek({ locale });
}

/**
 * The order of day and month in a date written with numbers only ("03/12"), from the locale's own short date
 * (CLDR through Intl): month first for `en` (en-US) and `fa` (year/month/day), day first for `hy`, `en-GB`,
 * `ru`, `de`. Never guessed from the numbers.
 */
export function dayMonthOrder(locale: string): "month-day" | "day-month" {
  const parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit" }).formatToParts(new Date(0));
  const month = parts.findIndex((part) => part.type === "month");
  const day = parts.findIndex((part) => part.type === "day");
  return month < day ? "month-day" : "day-month";
}

/** 24-hour clock for languages whose speakers read time that way (Persian, Armenian), whatever Intl defaults to. */
export function uses24HourClock(locale: string): boolean {
  return ["fa", "hy"].includes(language(locale));
}
