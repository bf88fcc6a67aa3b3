import { DateTime } from "luxon";
import { dayMonthOrder, type Calendar } from "../../domain/shared/calendar.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { WhenReading } from "../../domain/shared/when.js";
import { gregorianToJalali, jalaliToGregorian, type CivilDate } from "./jalali.js";

/**
 * Dates written with numbers only. The order of the fields is never guessed from the numbers:
 * - a four-digit first field is a year: year/month/day ("2026-12-01", "1405/09/15");
 * - otherwise day and month come in the writer's locale order (`dayMonthOrder`): "03/12" is March 12 in `en`
 *   and 3 December in `hy`; a four-digit last field is the year ("15.12.2026" in `hy`);
 * - a year before 1700 is a Jalali year (1405/09/15 is 2026-12-06); a date without a year is in the writer's
 *   calendar ("09/15" is 15 Azar for someone who uses the Jalali calendar) and is the next such day from today.
 * A field out of range ("15/12" in `en`) is refused with an example in the writer's order, never swapped.
 */
const NUMERIC_DATE = /^(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{1,4}))?$/;
const JALALI_BEFORE = 1700;

export const isNumericDate = (word: string) => NUMERIC_DATE.test(word);

/** The Gregorian date a numeric date names, `today` being the writer's local date; null when it is not one. */
export function readNumericDate(word: string, reading: WhenReading, today: CivilDate, direction: "next" | "last" = "next"): CivilDate | null {
  const match = NUMERIC_DATE.exec(word);
  if (!match) return null;
  const [, first, separator, second, third] = match as unknown as [string, string, string, string, string | undefined];
  if (first.length === 4) {
    if (third === undefined) return null;
    const year = Number(first);
    const calendar: Calendar = year < JALALI_BEFORE ? "jalali" : "gregorian";
    const date = toGregorian(calendar, { year, month: Number(second), day: Number(third) });
    if (!date) throw new DomainError("when.bad_date", { text: word, example: calendar === "jalali" ? "1405/09/15" : "2026-12-15" });
    return date;
  }
  if (third !== undefined && third.length !== 4) return null;
  const order = dayMonthOrder(reading.locale);
  const [month, day] = order === "month-day" ? [Number(first), Number(second)] : [Number(second), Number(first)];
  const refuse = () => {
    const swapped = `${second}${separator}${first}`;
    const example = fits(month, day) ? word : fits(day, month) ? swapped : order === "month-day" ? `12${separator}15` : `15${separator}12`;
    return new DomainError(`when.bad_date.${order === "month-day" ? "month_day" : "day_month"}`, { text: word, example });
  };
  if (third !== undefined) {
    const year = Number(third);
    const date = toGregorian(year < JALALI_BEFORE ? "jalali" : "gregorian", { year, month, day });
    if (!date) throw refuse();
    return date;
  }
  if (!fits(month, day)) throw refuse();
  return nextOccurrence(reading.calendar, month, day, today, word, direction);
}

/** Month and day that exist in some year of either calendar (Feb 29, Esfand 30). */
const fits = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= 31;

function toGregorian(calendar: Calendar, date: CivilDate): CivilDate | null {
  if (calendar === "jalali") return jalaliToGregorian(date);
  const at = DateTime.fromObject(date, { zone: "utc" });
  return at.isValid ? date : null;
}

/**
 * The first day on or after `today` (Gregorian) that is `month`/`day` in `calendar`, or with "last" the
 * latest one up to `today`. A day some years lack
 * (Feb 29, Esfand 30) is that day in the next year that has it; a day no year has (Azar 31) is refused.
 */
export function nextOccurrence(
  calendar: Calendar,
  month: number,
  day: number,
  today: CivilDate,
  text: string,
  direction: "next" | "last" = "next",
): CivilDate {
  const thisYear = calendar === "jalali" ? gregorianToJalali(today).year : today.year;
  const key = (d: CivilDate) => d.year * 10_000 + d.month * 100 + d.day;
  const step = direction === "next" ? 1 : -1;
  for (let year = thisYear; Math.abs(year - thisYear) <= 8; year += step) {
    const date = toGregorian(calendar, { year, month, day });
    if (date && (direction === "next" ? key(date) >= key(today) : key(date) <= key(today))) return date;
  }
  throw new DomainError("when.bad_date", { text, example: calendar === "jalali" ? "1405/09/15" : "2026-12-15" });
}
