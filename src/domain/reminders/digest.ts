import type { DateTime } from "luxon";
import type { ReminderSettings } from "../settings/settings.js";
import { weekStartOf } from "../shared/calendar.js";
import { atWallClock } from "../shared/when.js";
import type { OutboxItem } from "./outbox.js";

/**
 * When a member's next daily digest is due: the first working day, in the member's own zone, whose digest
 * time is strictly after `after`. Working days are judged by the local date (a Tehran team's Saturday is
 * Saturday in Tehran), and the local time goes through `atWallClock`, so a DST day keeps it at 09:00 local.
 * Null when digests are off.
 */
export function nextDigestAt(
  after: DateTime,
  zone: string,
  settings: Pick<ReminderSettings, "workdays" | "digestAt">,
): DateTime | null {
  const { digestAt, workdays } = settings;
  if (!digestAt || workdays.length === 0) return null;
  const today = after.setZone(zone).startOf("day");
  // Eight days always reach the same weekday again, even when today's time has just passed.
  for (let offset = 0; offset <= 7; offset++) {
    const day = today.plus({ days: offset });
    if (!workdays.includes(day.weekday as ReminderSettings["workdays"][number])) continue;
    const at = atWallClock({ year: day.year, month: day.month, day: day.day, ...digestAt }, zone);
    if (at > after) return at;
  }
  return null;
}

/** The local calendar day around `now` in `zone`, as UTC instants: [start, end). */
export function localDay(now: DateTime, zone: string): { start: DateTime; end: DateTime } {
  const day = now.setZone(zone).startOf("day");
  const next = day.plus({ days: 1 });
  return {
    start: atWallClock({ year: day.year, month: day.month, day: day.day, hour: 0, minute: 0 }, zone),
    end: atWallClock({ year: next.year, month: next.month, day: next.day, hour: 0, minute: 0 }, zone),
  };
}

/**
 * The local week around `now` in `zone`, as UTC instants [start, end): it starts on the day the reader's
 * language starts weeks (Saturday for Persian, Monday for Armenian, Sunday for US English).
 */
export function localWeek(now: DateTime, zone: string, locale: string): { start: DateTime; end: DateTime } {
  const today = now.setZone(zone).startOf("day");
  const first = today.minus({ days: (today.weekday - weekStartOf(locale) + 7) % 7 });
  const next = first.plus({ days: 7 });
  return {
    start: atWallClock({ year: first.year, month: first.month, day: first.day, hour: 0, minute: 0 }, zone),
    end: atWallClock({ year: next.year, month: next.month, day: next.day, hour: 0, minute: 0 }, zone),
  };
}

/**
 * The one rule for late reminders. A reminder whose time has passed (the bot was down, the queue was long)
 * is sent, marked late. Only when it is more than FOLD_AFTER_HOURS late, is of a kind the digest lists
 * (overdue tasks, due follow-ups, stale leads), and its recipient has a digest (digests on) is it folded into
 * that digest instead of sent. With digests off, the late reminder is the only word the person gets, so it
 * is sent. The outbox applies this rule in SQL (adapters/outbox/late-reminders.ts), with these constants.
 */
export const FOLD_AFTER_HOURS = 24;
export const FOLDED_KINDS: readonly string[] = ["task.due", "lead.followup", "lead.stale"];

/** Whether a reminder this late is folded into the recipient's digest rather than sent (see above). */
export function shouldFoldIntoDigest(
  item: Pick<OutboxItem, "kind" | "dueAt">,
  now: DateTime,
  settings: Pick<ReminderSettings, "digestAt">,
): boolean {
  return settings.digestAt !== null && FOLDED_KINDS.includes(item.kind) && now.diff(item.dueAt, "hours").hours > FOLD_AFTER_HOURS;
}
