import { DateTime, IANAZone } from "luxon";
import type { Calendar } from "./calendar.js";
import { DomainError } from "./errors.js";

/**
 * How the person who typed a phrase writes dates: their language (Persian and Armenian phrases, the order of
 * day and month in "03/12") and their calendar (Jalali "09/15"). The zone is separate: it is the zone of the
 * person the time is for (a task's assignee), which may not be the writer's.
 */
export type WhenReading = { locale: string; calendar: Calendar };

export const ENGLISH_READING: WhenReading = { locale: "en", calendar: "gregorian" };

/**
 * Reads a phrase such as "tomorrow 9:00", "in 2 hours", "فردا ساعت ۱۰" or "վաղը ժամը 10" as an instant,
 * for a person in `zone` at `now`. Throws a DomainError ("when.unreadable", "when.extra_words", "when.past",
 * "when.today_past", "when.bad_date.*") instead of guessing. The reader lives in src/adapters/when-parser.ts;
 * the domain only sees this type.
 */
export type WhenReader = (text: string, now: DateTime, zone: string, reading?: WhenReading) => DateTime;

/**
 * Reads a calendar date typed by someone ("2026-12-15", "1405/09/15", "15.12.2026", "12/15"), in their day/month
 * order and calendar, as an ISO date. A date without a year is its next occurrence from `today` (a due date)
 * or its last one up to `today` (a payment date). Throws a DomainError when it is not a date.
 */
export type DateReader = (text: string, reading: WhenReading, today: string, direction: "next" | "last") => string;

/** Codes that mean "this is a time, but not one that can be used": the phrase was read, so it is not title text. */
const READ_BUT_REFUSED = new Set(["when.past", "when.today_past", "when.too_far", "when.bad_date.month_day", "when.bad_date.day_month"]);
/** Past this many words a trailing phrase is no longer a time ("۱۵ آذر ۱۴۰۵ ساعت ۱۰ و نیم صبح" is eight). */
const MAX_TAIL_WORDS = 8;

/**
 * The time at the end of a title written without `due`: the longest run of trailing words that reads as a
 * time, as in "تماس با آرین فردا ساعت ۱۰" or "Զանգ վաղը ժամը 10". `words` are the words that may be part of
 * it (the caller keeps the title's first word and quoted words out). Only a run that holds a Persian or
 * Armenian word or digit is tried, so English titles keep their meaning ("Call Acme tomorrow" is a title;
 * English says `due tomorrow`). A run that reads as a time already past, or as a date that does not exist,
 * is refused (DomainError) rather than kept as title text. Null when no run reads.
 */
export function trailingWhen(words: readonly string[], read: (text: string) => DateTime): { length: number; at: DateTime } | null {
  for (let length = Math.min(words.length, MAX_TAIL_WORDS); length > 0; length--) {
    const when = words.slice(-length).join(" ");
    if (!/[^\p{ASCII}]/u.test(when)) continue;
    try {
      return { length, at: read(when) };
    } catch (error) {
      if (!(error instanceof DomainError) || READ_BUT_REFUSED.has(error.code)) throw error;
    }
  }
  return null;
}

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second?: number };

/**
 * The instant a wall-clock time in `zone` names, with one rule for the two hours a year DST makes odd:
 * - a time that does not exist (the spring-forward gap, 2026-03-08 02:30 in New York) moves forward by the
 *   length of the gap (03:30), as a clock someone forgot to change would show it;
 * - a time that exists twice (the fall-back overlap, 2026-11-01 01:30 in New York) is the earlier one
 *   (01:30 EDT), so a reminder never comes an hour later than the person expects.
 */
export function atWallClock(wall: WallClock, zone: string): DateTime {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`unknown time zone ${zone}`);
  const asUtc = DateTime.fromObject({ ...wall, second: wall.second ?? 0, millisecond: 0 }, { zone: "utc" });
  if (!asUtc.isValid) throw new RangeError(`invalid wall-clock time ${JSON.stringify(wall)}`);
  const local = asUtc.toMillis();
  // Offsets either side of any transition near this time: one or both fit when the time exists.
  const before = tz.offset(local - 86_400_000);
  const after = tz.offset(local + 86_400_000);
  const fitting = [...new Set([before, after])]
    .map((offset) => local - offset * 60_000)
    .filter((instant) => local - tz.offset(instant) * 60_000 === instant);
  const instant = fitting.length ? Math.min(...fitting) : local - before * 60_000;
  return DateTime.fromMillis(instant, { zone: "utc" });
}

/** The IANA name as the runtime spells it ("asia/tehran" -> "Asia/Tehran"), or null when it is not a zone. */
export function canonicalZone(zone: string): string | null {
  if (!zone || !IANAZone.isValidZone(zone)) return null;
  return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
}
