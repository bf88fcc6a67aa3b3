import type { Workspace } from "../members/member.js";

/** Luxon weekday numbers: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type TimeOfDay = { hour: number; minute: number };

/** The reminder and digest settings of a workspace, read from its settings JSON with defaults filled in. */
export type ReminderSettings = {
  /** The days a digest is sent on. */
  workdays: Weekday[];
  /** Local time of each member's daily digest, or null when digests are off. */
  digestAt: TimeOfDay | null;
  /** Task reminders come this many minutes before the due time. */
  leadMinutes: number;
  /** Open leads untouched this many days are listed in the digest; null when off. */
  staleDays: number | null;
};

export const DEFAULT_SETTINGS: ReminderSettings = {
  workdays: [1, 2, 3, 4, 5],
  digestAt: { hour: 9, minute: 0 },
  leadMinutes: 0,
  staleDays: 14,
};

/** The JSON keys these settings are stored under (shallow-merged into Workspace.settings). */
export type StoredSettings = {
  workdays?: number[];
  digest?: string;
  leadMinutes?: number;
  staleDays?: number | "off";
};

export const MAX_LEAD_MINUTES = 7 * 24 * 60;
export const MAX_STALE_DAYS = 365;

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const byNumber = (a: number, b: number) => a - b;
const intIn = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * The one place that reads the settings JSON: a missing or malformed value (hand-edited JSON, an older
 * version's shape) falls back to its default instead of breaking reminders.
 */
export function workspaceSettings(workspace: Pick<Workspace, "settings">): ReminderSettings {
  const stored = workspace.settings as StoredSettings;
  const workdays = Array.isArray(stored.workdays)
    ? [...new Set(stored.workdays.filter((day): day is Weekday => intIn(day, 1, 7)))].sort(byNumber)
    : [];
  const digestAt = typeof stored.digest === "string" ? parseTimeOfDay(stored.digest) : null;
  return {
    workdays: workdays.length ? workdays : DEFAULT_SETTINGS.workdays,
    digestAt: stored.digest === "off" ? null : (digestAt ?? DEFAULT_SETTINGS.digestAt),
    leadMinutes: intIn(stored.leadMinutes, 0, MAX_LEAD_MINUTES) ? stored.leadMinutes : DEFAULT_SETTINGS.leadMinutes,
    staleDays:
      stored.staleDays === "off"
        ? null
        : intIn(stored.staleDays, 1, MAX_STALE_DAYS)
          ? stored.staleDays
          : DEFAULT_SETTINGS.staleDays,
  };
}

/** "9:00" or "17:30" (24-hour) as a time of day, or null. */
export function parseTimeOfDay(text: string): TimeOfDay | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

export function formatTimeOfDay({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

const FULL_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEK: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const nextDay = (day: Weekday): Weekday => ((day % 7) + 1) as Weekday;
const previousDay = (day: Weekday): Weekday => (day === 1 ? 7 : day - 1) as Weekday;

/** "mon", "tues", "Monday": at least three letters of a day's name. */
function dayNumber(name: string): Weekday | null {
  const word = name.toLowerCase();
  const index = word.length >= 3 ? FULL_NAMES.findIndex((full) => full.startsWith(word)) : -1;
  return index < 0 ? null : ((index + 1) as Weekday);
}

/** The days from `start` to `end`, both included, wrapping past Sunday: fri..mon is fri, sat, sun, mon. */
function daysFrom(start: Weekday, end: Weekday): Weekday[] {
  const days = [start];
  for (let day = start; day !== end; ) days.push((day = nextDay(day)));
  return days;
}

/**
 * "mon-fri", "sat-wed" (a range may wrap past Sunday), "mon,tue,thu", or a mix ("sat-mon,wed"), as weekday
 * numbers; null when any part is not a day.
 */
export function parseWorkdays(text: string): Weekday[] | null {
  const days = new Set<Weekday>();
  for (const part of text.toLowerCase().replace(/\s+/g, "").split(",")) {
    const [from, to, extra] = part.split("-");
    if (extra !== undefined || !from) return null;
    const start = dayNumber(from);
    const end = to === undefined ? start : dayNumber(to);
    if (!start || !end) return null;
    for (const day of daysFrom(start, end)) days.add(day);
  }
  return days.size ? [...days].sort(byNumber) : null;
}

/** Weekdays as read back to a person: "mon-fri", "sat-wed" (one run of three or more), else "mon, tue, thu". */
export function formatWorkdays(days: readonly Weekday[]): string {
  const set = new Set(days);
  if (set.size === 7) return "mon-sun";
  const start = WEEK.find((day) => set.has(day) && !set.has(previousDay(day)));
  if (start !== undefined && set.size > 2) {
    let end = start;
    while (set.has(nextDay(end))) end = nextDay(end);
    if (daysFrom(start, end).length === set.size) return `${DAY_NAMES[start - 1]}-${DAY_NAMES[end - 1]}`;
  }
  return [...set].sort(byNumber).map((day) => DAY_NAMES[day - 1]).join(", ");
}
