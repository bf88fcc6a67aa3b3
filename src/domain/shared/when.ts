import { DateTime, IANAZone } from "luxon";

/**
 * Reads a phrase such as "tomorrow 9:00" or "in 2 hours" as an instant, for a person in `zone` at `now`.
 * Throws a DomainError ("when.unreadable", "when.extra_words", "when.past", "when.today_past") instead of
 * guessing. The chrono-based reader lives in src/adapters/when-parser.ts; the domain only sees this type.
 */
export type WhenReader = (text: string, now: DateTime, zone: string) => DateTime;

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
