import * as chrono from "chrono-node";
import { DateTime, type DurationLikeObject } from "luxon";
import { DomainError } from "../domain/shared/errors.js";
import { assertSupportedDate } from "../domain/shared/date-range.js";
import { atWallClock, type WhenReader } from "../domain/shared/when.js";

/**
 * The `<when>` grammar of task due times, snoozes and follow-ups, read for one person: their zone decides
 * what "tomorrow 9:00" means. Two paths:
 * - durations ("in 2 hours", "90 seconds", "in 3 days", "2h") are read here: seconds to hours are exact
 *   spans from now; days and weeks keep the local time of day ("in 3 days" at 10:00 is 10:00, DST or not);
 * - everything else goes to chrono-node, against "now" as the wall clock in the person's zone; only the
 *   wall-clock fields it found are kept, and luxon turns them into an instant in that zone (`atWallClock`,
 *   which settles DST gaps and overlaps). A date with no time is 09:00; a weekday already past this week
 *   is next week's.
 * Anything it cannot read entirely is refused with examples, never guessed; so is a time already past.
 */
export const readWhen: WhenReader = (raw, now, zone) => {
  const text = raw.trim().replace(/\s+/g, " ");
  if (!text) throw new DomainError("when.unreadable", { text: raw });
  const at = readDuration(text, now, zone) ?? readPhrase(text, now, zone);
  if (at.year > now.year + MAX_YEARS_AHEAD) throw new DomainError("when.too_far", { text, years: MAX_YEARS_AHEAD });
  assertSupportedDate(at, text);
  if (at <= now) {
    const local = at.setZone(zone);
    if (/\btoday\b/i.test(text)) throw new DomainError("when.today_past", { time: local.toFormat("HH:mm") });
    throw new DomainError("when.past", { when: `${local.toFormat("yyyy-MM-dd HH:mm")} (${zone})` });
  }
  return at.toUTC();
};

const MAX_YEARS_AHEAD = 10;

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
