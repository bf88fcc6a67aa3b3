import * as chrono from "chrono-node";
import { DateTime, type DurationLikeObject } from "luxon";
import { dayMonthOrder } from "../domain/shared/calendar.js";
import { DomainError } from "../domain/shared/errors.js";
import { assertSupportedDate } from "../domain/shared/date-range.js";
import { asciiDigits } from "../domain/shared/numerals.js";
import { atWallClock, ENGLISH_READING, type DateReader, type WhenReader, type WhenReading } from "../domain/shared/when.js";
import { readLocalPhrase } from "./when/local-phrases.js";
import { resolveLocalPhrase } from "./when/local-resolve.js";
import { isNumericDate, readNumericDate } from "./when/numeric-date.js";

/**
 * The `<when>` grammar of task due times, snoozes and follow-ups, read for one person: their zone decides
 * what "tomorrow 9:00" means, the writer's language and calendar how dates are written (`WhenReading`).
 * First, digits of any script become ASCII and every date written with numbers only ("03/12", "1405/09/15")
 * is read in the writer's day/month order and calendar and rewritten as an ISO date (./when/numeric-date.ts),
 * so no later step guesses an order. Then three paths:
 * - durations ("in 2 hours", "90 seconds", "in 3 days", "2h") are read here: seconds to hours are exact
 *   spans from now; days and weeks keep the local time of day ("in 3 days" at 10:00 is 10:00, DST or not);
 * - Persian and Armenian phrases ("فردا ساعت ۱۰", "վաղը ժամը 10", "۱۵ آذر") are read by their own small
 *   grammar (./when/local-phrases.ts) with Jalali month arithmetic through jalaali-js;
 * - everything else goes to chrono-node, against "now" as the wall clock in the person's zone; only the
 *   wall-clock fields it found are kept, and luxon turns them into an instant in that zone (`atWallClock`,
 *   which settles DST gaps and overlaps). A date with no time is 09:00; a weekday already past this week
 *   is next week's.
 * Anything it cannot read entirely is refused with examples, never guessed; so is a time already past.
 */
export const readWhen: WhenReader = (raw, now, zone, reading: WhenReading = ENGLISH_READING) => {
  const typed = raw.trim().replace(/\s+/g, " ");
  if (!typed) throw new DomainError("when.unreadable", { text: raw });
  const text = isoDates(asciiDigits(typed), now, zone, reading);
  const local = readLocalPhrase(text);
  const at = local ? resolveLocalPhrase(local, typed, now, zone, reading) : (readDuration(text, now, zone) ?? readPhrase(text, now, zone));
  if (at.year > now.year + MAX_YEARS_AHEAD) throw new DomainError("when.too_far", { text: typed, years: MAX_YEARS_AHEAD });
  assertSupportedDate(at, typed);
  if (at <= now) {
    const local = at.setZone(zone);
    if (/\btoday\b|امروز|امشب|այսօր/i.test(text)) throw new DomainError("when.today_past", { time: local.toFormat("HH:mm") });
    throw new DomainError("when.past", { when: `${local.toFormat("yyyy-MM-dd HH:mm")} (${zone})` });
  }
  return at.toUTC();
};

const MAX_YEARS_AHEAD = 10;

/**
 * A calendar date typed for an invoice (`due`, a payment's date): any numeric form `<when>` reads, in the
 * writer's order and calendar ("1405/09/15", "15.12.2026", "12/15"), as an ISO date; anything else is refused.
 */
export const readDate: DateReader = (raw, reading, today, direction) => {
  const text = asciiDigits(raw.trim());
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const date = isNumericDate(text) ? readNumericDate(text, reading, { year, month, day }, direction) : null;
  if (!date) throw new DomainError("invoice.bad_date", { text: raw });
  const at = DateTime.utc(date.year, date.month, date.day);
  assertSupportedDate(at, raw);
  return at.toISODate()!;
};

/**
 * Every numeric date in the text as an ISO date, read in the writer's order and calendar (today: theirs).
 * A dotted pair that cannot be a date ("17.30") is left to be read as a time; in a month-first locale a
 * dotted pair is never a date (en-US writes 12/01, and "10.30" there is half past ten).
 */
function isoDates(text: string, now: DateTime, zone: string, reading: WhenReading): string {
  const today = now.setZone(zone);
  return text
    .split(" ")
    .map((word) => {
      if (!isNumericDate(word)) return word;
      const dottedPair = /^\d{1,2}\.\d{1,2}$/.test(word);
      if (dottedPair && dayMonthOrder(reading.locale) === "month-day") return word;
      try {
        const date = readNumericDate(word, reading, { year: today.year, month: today.month, day: today.day });
        return date ? DateTime.utc(date.year, date.month, date.day).toISODate()! : word;
      } catch (error) {
        if (dottedPair && error instanceof DomainError) return word;
        throw error;
      }
    })
    .join(" ");
}

const UNITS: Record<string, keyof DurationLikeObject> = {
  s: "seconds", sec: "seconds", secs: "seconds", second: "seconds", seconds: "seconds",
  m: "minutes", min: "minutes", mins: "minutes", minute: "minutes", minutes: "minutes",
  h: "hours", hr: "hours", hrs: "hours", hour: "hours", hours: "hours",
  d: "days", day: "days", days: "days",
  w: "weeks", wk: "weeks", wks: "weeks", week: "weeks", weeks: "weeks",
};

function readDuration(text: string, now: DateTime, zone: string): DateTime | null {
  const match = /^(?:in )?(\d{1,6}|an?|one) ?([a-z]+)$/i.exec(text);
  const unit = match && UNITS[match[2]!.toLowerCase()];
  if (!match || !unit) return null;
  const amount = /^\d/.test(match[1]!) ? Number(match[1]) : 1;
  if (unit === "seconds" || unit === "minutes" || unit === "hours") return now.plus({ [unit]: amount });
  const later = now.setZone(zone).plus({ [unit]: amount });
  return atWallClock({ year: later.year, month: later.month, day: later.day, hour: later.hour, minute: later.minute, second: later.second }, zone);
}

// Parts of a day chrono knows and places sensibly ("tomorrow evening" is 20:00); "morning" is left to the
// 09:00 default, since chrono's 06:00 is earlier than anyone means.
const PART_OF_DAY = /\b(afternoon|evening|tonight|night)\b/i;
const DEFAULT_TIME = { hour: 9, minute: 0 };

function readPhrase(text: string, now: DateTime, zone: string): DateTime {
  const local = now.setZone(zone);
  // chrono takes its reference as a Date plus the zone's current offset; only the fields it reads back are
  // used, so the process's own time zone plays no part.
  const results = chrono.parse(text, { instant: now.toJSDate(), timezone: local.offset }, { forwardDate: true });
  const found = results[0];
  if (!found) throw new DomainError("when.unreadable", { text });
  const unread = (text.slice(0, found.index) + " " + text.slice(found.index + found.text.length)).trim();
  if (unread) throw new DomainError("when.extra_words", { read: found.text, extra: unread });

  const start = found.start;
  // An explicit offset ("2026-12-01T10:30Z") names an instant on its own.
  if (start.isCertain("timezoneOffset")) return DateTime.fromJSDate(start.date(), { zone: "utc" });
  const timeGiven = start.isCertain("hour") || PART_OF_DAY.test(text);
  const time = timeGiven ? { hour: start.get("hour") ?? 0, minute: start.get("minute") ?? 0, second: start.get("second") ?? 0 } : DEFAULT_TIME;
  let at = atWallClock({ year: start.get("year")!, month: start.get("month")!, day: start.get("day")!, ...time }, zone);
  // "friday" said on a Friday after 09:00 means next Friday, not a time already gone.
  if (at <= now && start.isCertain("weekday") && !start.isCertain("day")) {
    const next = at.setZone(zone).plus({ weeks: 1 });
    at = atWallClock({ year: next.year, month: next.month, day: next.day, ...time }, zone);
  }
  return at;
}
