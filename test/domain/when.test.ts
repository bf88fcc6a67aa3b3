import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { readWhen } from "../../src/adapters/when-parser.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { atWallClock, canonicalZone } from "../../src/domain/shared/when.js";

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
/** The instant `text` names for someone in `zone` at `now`, as a UTC ISO string. */
const read = (text: string, zone: string, now = "2026-11-25T09:00:00Z") => readWhen(text, utc(now), zone).toISO();

function refusal(text: string, zone: string, now = "2026-11-25T09:00:00Z"): DomainError {
  try {
    readWhen(text, utc(now), zone);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`"${text}" was read, not refused`);
}

describe("reading <when> in UTC (now: Wed 2026-11-25 09:00)", () => {
  it.each([
    ["in 90 seconds", "2026-11-25T09:01:30.000Z"],
    ["in 2 hours", "2026-11-25T11:00:00.000Z"],
    ["2h", "2026-11-25T11:00:00.000Z"],
    ["in an hour", "2026-11-25T10:00:00.000Z"],
    ["in 3 days", "2026-11-28T09:00:00.000Z"],
    ["today 17:00", "2026-11-25T17:00:00.000Z"],
    ["tomorrow 9:00", "2026-11-26T09:00:00.000Z"],
    ["Tomorrow  at 3pm", "2026-11-26T15:00:00.000Z"],
    ["fri 15:00", "2026-11-27T15:00:00.000Z"],
    ["next monday", "2026-11-30T09:00:00.000Z"],
    ["2026-12-01 10:30", "2026-12-01T10:30:00.000Z"],
    ["12/01", "2026-12-01T09:00:00.000Z"],
    ["tomorrow evening", "2026-11-26T20:00:00.000Z"],
  ])("reads %s as %s", (text, expected) => {
    expect(read(text, "UTC")).toBe(expected);
  });

  it("gives date-only phrases 09:00 local and moves a weekday already past this week to next week", () => {
    // Friday 2026-11-27 at 10:00: "friday" is next Friday 09:00, not two hours ago.
    expect(read("friday", "UTC", "2026-11-27T10:00:00Z")).toBe("2026-12-04T09:00:00.000Z");
  });

  it("takes an explicit offset as the instant it names", () => {
    expect(read("2026-12-01T10:30+02:00", "Asia/Tehran")).toBe("2026-12-01T08:30:00.000Z");
  });
});

describe("reading <when> in the person's zone", () => {
  // 09:00 UTC is 12:30 in Tehran (UTC+3:30, no DST) and 13:00 in Yerevan (UTC+4).
  it.each([
    ["tomorrow 9:00", "Asia/Tehran", "2026-11-26T05:30:00.000Z"],
    ["today 17:00", "Asia/Tehran", "2026-11-25T13:30:00.000Z"],
    ["fri 15:00", "Asia/Tehran", "2026-11-27T11:30:00.000Z"],
    ["12/01", "Asia/Tehran", "2026-12-01T05:30:00.000Z"],
    ["tomorrow 9:00", "Asia/Yerevan", "2026-11-26T05:00:00.000Z"],
    ["next monday", "Asia/Yerevan", "2026-11-30T05:00:00.000Z"],
    ["2026-12-01 10:30", "Asia/Yerevan", "2026-12-01T06:30:00.000Z"],
    ["tomorrow 9:00", "America/New_York", "2026-11-26T14:00:00.000Z"],
  ])("reads %s in %s as %s", (text, zone, expected) => {
    expect(read(text, zone)).toBe(expected);
  });

  it("does not depend on the server's own time zone", () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati"; // UTC+14: a different calendar day than everyone above
      expect(read("tomorrow 9:00", "Asia/Tehran")).toBe("2026-11-26T05:30:00.000Z");
      expect(read("next monday", "America/New_York")).toBe("2026-11-30T14:00:00.000Z");
    } finally {
      process.env.TZ = before;
    }
  });
});

describe("reading <when> across a DST change in America/New_York", () => {
  const saturday = "2026-03-07T15:00:00Z"; // Sat 10:00 EST; clocks spring forward Sun 2026-03-08 at 02:00

  it("keeps the wall-clock time for days and exact spans for hours", () => {
    expect(read("tomorrow 9:00", "America/New_York", saturday)).toBe("2026-03-08T13:00:00.000Z"); // 09:00 EDT
    expect(read("in 1 day", "America/New_York", saturday)).toBe("2026-03-08T14:00:00.000Z"); // 10:00 EDT
    expect(read("in 24 hours", "America/New_York", saturday)).toBe("2026-03-08T15:00:00.000Z"); // 11:00 EDT
  });

  it("moves a time in the spring-forward gap forward by the gap (02:30 -> 03:30 EDT)", () => {
    expect(read("2026-03-08 02:30", "America/New_York", saturday)).toBe("2026-03-08T07:30:00.000Z");
  });

  it("reads a time in the fall-back overlap at the earlier offset (01:30 EDT, not EST)", () => {
    expect(read("2026-11-01 01:30", "America/New_York", "2026-10-31T12:00:00Z")).toBe("2026-11-01T05:30:00.000Z");
  });
});

describe("refusing what it cannot read", () => {
  it("refuses words that are not a time, with examples", () => {
    const error = refusal("whenever", "UTC");
    expect(error.code).toBe("when.unreadable");
    expect(error.params).toEqual({ text: "whenever" });
  });

  it("refuses extra words it did not read instead of ignoring them", () => {
    expect(refusal("tomorrow 9:00 please", "UTC")).toMatchObject({ code: "when.extra_words", params: { read: "tomorrow 9:00", extra: "please" } });
    expect(refusal("tomorrow 25:00", "UTC")).toMatchObject({ code: "when.extra_words", params: { extra: "25:00" } });
    expect(refusal("tomorrow or friday", "UTC").code).toBe("when.extra_words");
  });

  it("says an earlier hour today is past, in the person's zone", () => {
    // 12:30 in Tehran: 10:00 today is gone.
    expect(refusal("today 10:00", "Asia/Tehran")).toMatchObject({ code: "when.today_past", params: { time: "10:00" } });
  });

  it("refuses a date in the past", () => {
    expect(refusal("2026-01-05 10:00", "UTC")).toMatchObject({ code: "when.past", params: { when: "2026-01-05 10:00 (UTC)" } });
    expect(refusal("in 0 minutes", "UTC").code).toBe("when.past");
  });

  it("refuses an empty phrase and one absurdly far ahead", () => {
    expect(refusal("  ", "UTC").code).toBe("when.unreadable");
    expect(refusal("in 99999 weeks", "UTC").code).toBe("when.too_far");
  });
});

describe("wall-clock times to instants (atWallClock)", () => {
  const ny = "America/New_York";
  it("converts an ordinary local time", () => {
    expect(atWallClock({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, ny).toISO()).toBe("2026-07-01T13:00:00.000Z");
    expect(atWallClock({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, "Asia/Tehran").toISO()).toBe("2026-07-01T05:30:00.000Z");
  });

  it("resolves the gap forward and the overlap to the earlier instant, deterministically", () => {
    expect(atWallClock({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, ny).toISO()).toBe("2026-03-08T07:30:00.000Z");
    expect(atWallClock({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, ny).toISO()).toBe("2026-11-01T05:30:00.000Z");
    expect(atWallClock({ year: 2026, month: 11, day: 1, hour: 2, minute: 30 }, ny).toISO()).toBe("2026-11-01T07:30:00.000Z");
  });

  it("knows IANA zone names in any case and nothing else", () => {
    expect(canonicalZone("asia/tehran")).toBe("Asia/Tehran");
    expect(canonicalZone("Mars/Olympus")).toBeNull();
    expect(canonicalZone("")).toBeNull();
  });
});
