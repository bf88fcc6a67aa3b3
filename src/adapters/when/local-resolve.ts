import { DateTime } from "luxon";
import { weekStartOf } from "../../domain/shared/calendar.js";
import { DomainError } from "../../domain/shared/errors.js";
import { atWallClock, type WhenReading } from "../../domain/shared/when.js";
import { jalaliToGregorian, plusJalaliMonths, startOfJalaliMonth, type CivilDate } from "./jalali.js";
import type { LocalPhrase, PartOfDay } from "./local-phrases.js";
import { nextOccurrence } from "./numeric-date.js";

/**
 * A Persian or Armenian phrase as an instant, for someone in `zone` at `now`, by the same rules as English
 * phrases: a day with no time is 09:00; a weekday is the next such day (today if its time is still ahead);
 * a time alone is today's, or tomorrow's once it has passed; seconds to hours are exact spans, days and weeks
 * keep the time of day, months count in the writer's calendar (Jalali months through jalaali-js). "Next week"
 * is the first day of next week where the writer's locale starts weeks (Saturday for Persian, Monday for
 * Armenian), or the named weekday of that week.
 */
export function resolveLocalPhrase(phrase: LocalPhrase, text: string, now: DateTime, zone: string, reading: WhenReading): DateTime {
  const local = now.setZone(zone);
  const today: CivilDate = { year: local.year, month: local.month, day: local.day };
  const time = timeOf(phrase);

  if (phrase.span) {
    const { unit, amount } = phrase.span;
    const exact = unit === "seconds" || unit === "minutes" || unit === "hours";
    if (exact) {
      if (phrase.time || phrase.part || dayGiven(phrase)) throw new DomainError("when.unreadable", { text });
      return now.plus({ [unit]: amount });
    }
    if (dayGiven(phrase)) throw new DomainError("when.unreadable", { text });
    const later: CivilDate =
      unit === "months"
        ? reading.calendar === "jalali"
          ? plusJalaliMonths(today, amount)
          : civil(local.plus({ months: amount }))
        : civil(local.plus({ [unit]: amount }));
    return at(later, time ?? { hour: local.hour, minute: local.minute, second: local.second }, zone);
  }

  const wall = time ?? DEFAULT_TIME;
  const day = dayOf(phrase, text, today, reading);
  if (day) {
    let instant = at(day, wall, zone);
    // "شنبه" said on Saturday after its time: next Saturday, as "friday" is in English.
    if (instant <= now && phrase.weekday !== undefined && !phrase.nextWeek) instant = at(plusDays(day, 7), wall, zone);
    // "۱۵ آذر" already gone this year: next year's.
    if (instant <= now && phrase.date && phrase.date.year === null) {
      const { calendar, month, day: dayOfMonth } = phrase.date;
      instant = at(nextOccurrence(calendar, month, dayOfMonth, plusDays(today, 1), `${dayOfMonth}/${month}`), wall, zone);
    }
    return instant;
  }
  // A time alone: today's, or tomorrow's once it has passed.
  const instant = at(today, wall, zone);
  return instant > now || phrase.today ? instant : at(plusDays(today, 1), wall, zone);
}

const DEFAULT_TIME = { hour: 9, minute: 0 };
const PART_TIMES: Record<PartOfDay, number> = { morning: 9, noon: 12, afternoon: 15, late_afternoon: 17, evening: 19, night: 21 };

function timeOf(phrase: LocalPhrase): { hour: number; minute: number } | null {
  const { time, part } = phrase;
  if (!time) return part ? { hour: PART_TIMES[part], minute: 0 } : null;
  if (!part) return time;
  // "ساعت ۵ عصر" is 17:00, "ساعت ۱۲ شب" midnight, "ساعت ۹ صبح" 09:00; a 24-hour time stays as it is.
  if (part === "morning") return { ...time, hour: time.hour === 12 ? 0 : time.hour };
  if (part === "noon") return { ...time, hour: time.hour < 6 ? time.hour + 12 : time.hour };
  if (part === "night" && time.hour === 12) return { ...time, hour: 0 };
  if (part === "night" && time.hour < 5) return time;
  return { ...time, hour: time.hour < 12 ? time.hour + 12 : time.hour };
}

const dayGiven = (phrase: LocalPhrase) =>
  phrase.dayOffset !== undefined || phrase.weekday !== undefined || phrase.nextWeek || phrase.nextMonth || phrase.date !== undefined;

function dayOf(phrase: LocalPhrase, text: string, today: CivilDate, reading: WhenReading): CivilDate | null {
  const named = [phrase.dayOffset !== undefined, phrase.date !== undefined, phrase.nextMonth === true, phrase.weekday !== undefined || phrase.nextWeek === true];
  if (named.filter(Boolean).length > 1) throw new DomainError("when.unreadable", { text });
  if (phrase.dayOffset !== undefined) return plusDays(today, phrase.dayOffset);
  if (phrase.date) {
    const { calendar, year, month, day } = phrase.date;
    if (year === null) return nextOccurrence(calendar, month, day, today, text);
    const date = calendar === "jalali" ? jalaliToGregorian({ year, month, day }) : validGregorian({ year, month, day });
    if (!date) throw new DomainError("when.bad_date", { text, example: calendar === "jalali" ? "1405/09/15" : "2026-12-15" });
    return date;
  }
  if (phrase.nextMonth) {
    if (reading.calendar === "jalali") return startOfJalaliMonth(today, 1);
    return civil(DateTime.utc(today.year, today.month, 1).plus({ months: 1 }));
  }
  const weekday = DateTime.utc(today.year, today.month, today.day).weekday;
  if (phrase.nextWeek) {
    const start = weekStartOf(reading.locale);
    const nextWeekStart = plusDays(today, 7 - ((weekday - start + 7) % 7));
    return phrase.weekday === undefined ? nextWeekStart : plusDays(nextWeekStart, (phrase.weekday - start + 7) % 7);
  }
  if (phrase.weekday !== undefined) return plusDays(today, (phrase.weekday - weekday + 7) % 7);
  return null;
}

function validGregorian(date: CivilDate): CivilDate | null {
  return DateTime.fromObject(date, { zone: "utc" }).isValid ? date : null;
}

const civil = (at: DateTime): CivilDate => ({ year: at.year, month: at.month, day: at.day });

const plusDays = (date: CivilDate, days: number): CivilDate => civil(DateTime.utc(date.year, date.month, date.day).plus({ days }));

const at = (date: CivilDate, time: { hour: number; minute: number; second?: number }, zone: string) => atWallClock({ ...date, ...time }, zone);
