import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { localDay, nextDigestAt, shouldFoldIntoDigest } from "../../src/domain/reminders/digest.js";
import {
  DEFAULT_SETTINGS,
  formatWorkdays,
  parseTimeOfDay,
  parseWorkdays,
  workspaceSettings,
  type Weekday,
} from "../../src/domain/settings/settings.js";

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const MON_FRI: Weekday[] = [1, 2, 3, 4, 5];
const SAT_WED: Weekday[] = [6, 7, 1, 2, 3];
const nine = { hour: 9, minute: 0 };
const next = (after: string, zone: string, workdays: Weekday[], digestAt = nine) =>
  nextDigestAt(utc(after), zone, { workdays, digestAt })?.toISO() ?? null;

describe("the next digest time", () => {
  it("is today's digest time when it is still ahead, else the next working day's", () => {
    // Wed 2026-11-25
    expect(next("2026-11-25T08:00:00Z", "UTC", MON_FRI)).toBe("2026-11-25T09:00:00.000Z");
    expect(next("2026-11-25T09:00:00Z", "UTC", MON_FRI)).toBe("2026-11-26T09:00:00.000Z");
  });

  it("skips the weekend: after Friday's digest comes Monday's", () => {
    expect(next("2026-11-27T10:00:00Z", "UTC", MON_FRI)).toBe("2026-11-30T09:00:00.000Z");
  });

  it("follows a Tehran team's Saturday-to-Wednesday week in Tehran time", () => {
    // Wed 2026-11-25 10:00 in Tehran (06:30 UTC): Thursday and Friday are off, so Saturday 09:00 local.
    expect(next("2026-11-25T06:30:00Z", "Asia/Tehran", SAT_WED)).toBe("2026-11-28T05:30:00.000Z");
    // Sat 08:00 local: the same morning at 09:00.
    expect(next("2026-11-28T04:30:00Z", "Asia/Tehran", SAT_WED)).toBe("2026-11-28T05:30:00.000Z");
  });

  it("judges the working day by the member's local date, not UTC's", () => {
    // Fri 2026-11-27 22:00 UTC is already Saturday 01:30 in Tehran: Saturday's digest is next.
    expect(next("2026-11-27T22:00:00Z", "Asia/Tehran", SAT_WED)).toBe("2026-11-28T05:30:00.000Z");
  });

  it("stays at 09:00 local across a DST change", () => {
    // Fri 2026-03-06 10:00 EST; the US springs forward on Sunday the 8th.
    expect(next("2026-03-06T15:00:00Z", "America/New_York", MON_FRI)).toBe("2026-03-09T13:00:00.000Z"); // 09:00 EDT
    const everyDay: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
    expect(next("2026-03-06T15:00:00Z", "America/New_York", everyDay)).toBe("2026-03-07T14:00:00.000Z"); // Sat 09:00 EST
    expect(next("2026-03-07T15:00:00Z", "America/New_York", everyDay)).toBe("2026-03-08T13:00:00.000Z"); // Sun 09:00 EDT
  });

  it("moves a digest time that falls in the DST gap forward, like any other time", () => {
    const everyDay: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
    expect(next("2026-03-07T15:00:00Z", "America/New_York", everyDay, { hour: 2, minute: 30 })).toBe("2026-03-08T07:30:00.000Z");
  });

  it("is null when digests are off", () => {
    expect(nextDigestAt(utc("2026-11-25T08:00:00Z"), "UTC", { workdays: MON_FRI, digestAt: null })).toBeNull();
  });
});

describe("working days", () => {
  it.each([
    ["mon-fri", [1, 2, 3, 4, 5]],
    ["sat-wed", [1, 2, 3, 6, 7]],
    ["mon,tue,thu", [1, 2, 4]],
    ["Monday - Friday", [1, 2, 3, 4, 5]],
    ["fri-mon", [1, 5, 6, 7]],
    ["sat-mon, wed", [1, 3, 6, 7]],
    ["tues,thurs", [2, 4]],
  ])("reads %s", (text, days) => {
    expect(parseWorkdays(text)).toEqual(days);
  });

  it.each(["", "weekdays", "mon-", "mo", "mon-fri-sat", "mon;tue"])("refuses %j", (text) => {
    expect(parseWorkdays(text)).toBeNull();
  });

  it("reads them back as a range when they are one run, else as a list", () => {
    expect(formatWorkdays([1, 2, 3, 4, 5])).toBe("mon-fri");
    expect(formatWorkdays([1, 2, 3, 6, 7])).toBe("sat-wed");
    expect(formatWorkdays([1, 2, 4])).toBe("mon, tue, thu");
    expect(formatWorkdays([1, 2, 3, 4, 5, 6, 7])).toBe("mon-sun");
  });
});

describe("workspace settings from JSON", () => {
  it("fills every missing setting with its default", () => {
    expect(workspaceSettings({ settings: {} })).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({ workdays: [1, 2, 3, 4, 5], digestAt: { hour: 9, minute: 0 }, leadMinutes: 0, staleDays: 14 });
  });

  it("reads stored values, and off as off", () => {
    expect(workspaceSettings({ settings: { workdays: [6, 7, 1, 2, 3], digest: "08:30", leadMinutes: 15, staleDays: "off" } })).toEqual({
      workdays: [1, 2, 3, 6, 7],
      digestAt: { hour: 8, minute: 30 },
      leadMinutes: 15,
      staleDays: null,
    });
    expect(workspaceSettings({ settings: { digest: "off" } }).digestAt).toBeNull();
  });

  it("falls back to the default for a malformed value instead of failing", () => {
    const settings = workspaceSettings({ settings: { workdays: "mon", digest: "25:00", leadMinutes: -5, staleDays: 2.5 } });
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it("reads 24-hour times only", () => {
    expect(parseTimeOfDay("9:05")).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeOfDay("23:59")).toEqual({ hour: 23, minute: 59 });
    expect(parseTimeOfDay("24:00")).toBeNull();
    expect(parseTimeOfDay("9am")).toBeNull();
  });
});

describe("the local day and late reminders", () => {
  it("spans the member's local calendar day", () => {
    const { start, end } = localDay(utc("2026-11-25T22:00:00Z"), "Asia/Tehran"); // Thu 01:30 in Tehran
    expect(start.toISO()).toBe("2026-11-25T20:30:00.000Z");
    expect(end.toISO()).toBe("2026-11-26T20:30:00.000Z");
  });

  it("folds a task reminder more than a day late into the digest, but only when digests are on", () => {
    const item = { kind: "task.due", dueAt: utc("2026-11-24T08:00:00Z") };
    const now = utc("2026-11-25T09:00:00Z");
    expect(shouldFoldIntoDigest(item, now, { digestAt: nine })).toBe(true);
    expect(shouldFoldIntoDigest(item, now, { digestAt: null })).toBe(false);
    expect(shouldFoldIntoDigest({ ...item, dueAt: utc("2026-11-25T08:00:00Z") }, now, { digestAt: nine })).toBe(false);
    expect(shouldFoldIntoDigest({ ...item, kind: "invoice.due" }, now, { digestAt: nine })).toBe(false);
  });
});
