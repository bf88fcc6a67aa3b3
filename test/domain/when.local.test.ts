import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { gregorianToJalali, jalaliToGregorian, plusJalaliMonths, startOfJalaliMonth } from "../../src/adapters/when/jalali.js";
import { readWhen } from "../../src/adapters/when-parser.js";
import { dayMonthOrder, weekStartOf } from "../../src/domain/shared/calendar.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { trailingWhen, type WhenReading } from "../../src/domain/shared/when.js";

const fa: WhenReading = { locale: "fa", calendar: "jalali" };
const hy: WhenReading = { locale: "hy", calendar: "gregorian" };
const en: WhenReading = { locale: "en", calendar: "gregorian" };
const NOW = "2026-11-25T09:00:00Z"; // Wed; 12:30 in Tehran (UTC+3:30, no DST), 13:00 in Yerevan (UTC+4, no DST)

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
/** `text` read for someone in `zone`, as local wall-clock time "yyyy-MM-dd HH:mm". */
const local = (text: string, zone: string, reading: WhenReading, now = NOW) => readWhen(text, utc(now), zone, reading).setZone(zone).toFormat("yyyy-MM-dd HH:mm");

function refusal(text: string, zone: string, reading: WhenReading, now = NOW): DomainError {
  try {
    readWhen(text, utc(now), zone, reading);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`"${text}" was read, not refused`);
}

describe("the Jalali calendar (jalaali-js)", () => {
  it("converts both ways, leap years included: 1403 is leap, 1404 is not", () => {
    expect(jalaliToGregorian({ year: 1405, month: 9, day: 15 })).toEqual({ year: 2026, month: 12, day: 6 });
    expect(gregorianToJalali({ year: 2026, month: 12, day: 6 })).toEqual({ year: 1405, month: 9, day: 15 });
    expect(jalaliToGregorian({ year: 1403, month: 12, day: 30 })).toEqual({ year: 2025, month: 3, day: 20 });
    expect(jalaliToGregorian({ year: 1404, month: 12, day: 30 })).toBeNull();
    expect(jalaliToGregorian({ year: 1404, month: 1, day: 1 })).toEqual({ year: 2025, month: 3, day: 21 });
    expect(gregorianToJalali({ year: 2025, month: 3, day: 20 })).toEqual({ year: 1403, month: 12, day: 30 });
  });

  it("does month arithmetic on Jalali months, where luxon's persian calendar goes wrong", () => {
    // 1404/01/21 is 2025-04-10: the start of its month is 1404/01/01 (2025-03-21), not 1404/01/12.
    expect(startOfJalaliMonth({ year: 2025, month: 4, day: 10 })).toEqual({ year: 2025, month: 3, day: 21 });
    // 31 Shahrivar 1405 plus one month: Mehr has 30 days, so 30 Mehr.
    const shahrivar31 = jalaliToGregorian({ year: 1405, month: 6, day: 31 })!;
    expect(gregorianToJalali(plusJalaliMonths(shahrivar31, 1))).toEqual({ year: 1405, month: 7, day: 30 });
    // 30 Esfand 1403 (leap) plus twelve months: 1404 has only 29 days in Esfand.
    expect(gregorianToJalali(plusJalaliMonths({ year: 2025, month: 3, day: 20 }, 12))).toEqual({ year: 1404, month: 12, day: 29 });
  });
});

describe("day/month order and week start come from the locale", () => {
  it("reads month first in en and fa, day first in hy, en-GB and ru", () => {
    expect(dayMonthOrder("en")).toBe("month-day");
    expect(dayMonthOrder("fa")).toBe("month-day");
    expect(dayMonthOrder("hy")).toBe("day-month");
    expect(dayMonthOrder("en-GB")).toBe("day-month");
    expect(dayMonthOrder("ru")).toBe("day-month");
  });

  it("starts the week on Saturday for fa and Monday for hy", () => {
    expect(weekStartOf("fa")).toBe(6);
    expect(weekStartOf("hy")).toBe(1);
  });
});

describe("Persian phrases in Tehran (now: Wed 4 Azar 1405, 12:30)", () => {
  it.each([
    ["امروز ساعت ۱۷", "2026-11-25 17:00"],
    ["فردا", "2026-11-26 09:00"],
    ["فردا ساعت ۱۰", "2026-11-26 10:00"],
    ["فردا ساعت ۱۰:۳۰", "2026-11-26 10:30"],
    ["فردا ساعت ۱۰ و نیم", "2026-11-26 10:30"],
    ["فردا صبح", "2026-11-26 09:00"],
    ["فردا ساعت ۵ عصر", "2026-11-26 17:00"],
    ["فردا ۵ بعد از ظهر", "2026-11-26 17:00"],
    ["پس‌فردا", "2026-11-27 09:00"],
    ["پس فردا ساعت ۸", "2026-11-27 08:00"],
    ["شنبه", "2026-11-28 09:00"],
    ["سه‌شنبه ساعت ۹", "2026-12-01 09:00"],
    ["سه شنبه", "2026-12-01 09:00"],
    ["چهارشنبه", "2026-12-02 09:00"], // today is Wednesday and 09:00 has passed: next week's
    ["چهارشنبه ساعت ۱۸", "2026-11-25 18:00"], // ... but 18:00 today is still ahead
    ["جمعه", "2026-11-27 09:00"],
    ["ساعت ۱۰", "2026-11-26 10:00"], // 10:00 has passed today: tomorrow's
    ["ساعت ۱۶", "2026-11-25 16:00"],
    ["۲ ساعت دیگر", "2026-11-25 14:30"],
    ["۳۰ دقیقه دیگر", "2026-11-25 13:00"],
    ["نیم ساعت دیگر", "2026-11-25 13:00"],
    ["۳ روز دیگر", "2026-11-28 12:30"],
    ["یک هفته دیگر", "2026-12-02 12:30"],
    ["هفته بعد", "2026-11-28 09:00"], // the next week starts on Saturday
    ["هفته آینده ساعت ۱۰", "2026-11-28 10:00"],
    ["دوشنبه بعد", "2026-11-30 09:00"], // Monday of next week (Sat 28 Nov – Fri 4 Dec)
    ["ماه بعد", "2026-12-22 09:00"], // 1 Dey 1405
    ["۱ ماه دیگر", "2026-12-25 12:30"], // 4 Dey 1405
    ["1405/09/15", "2026-12-06 09:00"],
    ["۱۴۰۵-۰۹-۱۵", "2026-12-06 09:00"],
    ["۱۴۰۵/۰۹/۱۵ ساعت ۱۴", "2026-12-06 14:00"],
    ["15 آذر", "2026-12-06 09:00"],
    ["۱۵ آذر ۱۴۰۵", "2026-12-06 09:00"],
    ["۱۵ آذر ساعت ۱۰", "2026-12-06 10:00"],
    ["۲ آذر", "2027-11-23 09:00"], // already gone this Jalali year: next year's 2 Azar
    ["۱ فروردین", "2027-03-21 09:00"],
    ["09/15", "2026-12-06 09:00"], // month/day in the Jalali calendar
    ["1403/12/30", null],
    ["tomorrow 10:00", "2026-11-26 10:00"], // English keeps working for a Persian speaker
    ["فردا 10:00", "2026-11-26 10:00"],
  ])("reads %s as %s", (text, expected) => {
    if (expected === null) expect(refusal(text, "Asia/Tehran", fa).code).toBe("when.past");
    else expect(local(text, "Asia/Tehran", fa)).toBe(expected);
  });

  it("reads Arabic letters and Arabic-Indic digits the same as Persian ones", () => {
    expect(local("فردا ساعت ١٠", "Asia/Tehran", fa)).toBe("2026-11-26 10:00");
    expect(local("يکشنبه", "Asia/Tehran", fa)).toBe("2026-11-29 09:00");
  });

  it("refuses a time already past today, an impossible date and words it does not know", () => {
    expect(refusal("امروز ساعت ۸", "Asia/Tehran", fa)).toMatchObject({ code: "when.today_past", params: { time: "08:00" } });
    expect(refusal("1404/12/30", "Asia/Tehran", fa)).toMatchObject({ code: "when.bad_date", params: { example: "1405/09/15" } });
    expect(refusal("۳۱ آذر", "Asia/Tehran", fa).code).toBe("when.bad_date");
    expect(refusal("13/15", "Asia/Tehran", fa)).toMatchObject({ code: "when.bad_date.month_day", params: { example: "12/15" } });
    expect(refusal("فردا با آرین", "Asia/Tehran", fa).code).toMatch(/^when\.(unreadable|extra_words)$/);
    expect(refusal("فردا پس‌فردا", "Asia/Tehran", fa).code).toMatch(/^when\.(unreadable|extra_words)$/);
  });

  it("reads the Jalali new year across the Gregorian year end (1404/12/29 → 1405/01/01)", () => {
    const eve = "2026-03-19T09:00:00Z"; // 28 Esfand 1404
    expect(local("فردا", "Asia/Tehran", fa, eve)).toBe("2026-03-20 09:00"); // 29 Esfand, the last day of 1404
    expect(local("پس‌فردا", "Asia/Tehran", fa, eve)).toBe("2026-03-21 09:00"); // 1 Farvardin 1405
    expect(local("ماه بعد", "Asia/Tehran", fa, eve)).toBe("2026-03-21 09:00");
    expect(local("۱ فروردین", "Asia/Tehran", fa, eve)).toBe("2026-03-21 09:00");
  });
});

describe("Armenian phrases in Yerevan (now: Wed 25 Nov 2026, 13:00)", () => {
  it.each([
    ["այսօր ժամը 18", "2026-11-25 18:00"],
    ["վաղը", "2026-11-26 09:00"],
    ["վաղը ժամը 10", "2026-11-26 10:00"],
    ["Վաղը ժամը 10:30", "2026-11-26 10:30"],
    ["վաղը երեկոյան", "2026-11-26 19:00"],
    ["վաղը չէ մյուս օրը", "2026-11-27 09:00"],
    ["երկուշաբթի", "2026-11-30 09:00"],
    ["հաջորդ երկուշաբթի", "2026-11-30 09:00"],
    ["երեքշաբթի ժամը 15", "2026-12-01 15:00"],
    ["ուրբաթ", "2026-11-27 09:00"],
    ["շաբաթ", "2026-11-28 09:00"], // alone, շաբաթ is Saturday
    ["կիրակի ժամը 10", "2026-11-29 10:00"],
    ["ժամը 10", "2026-11-26 10:00"],
    ["ժամը 15", "2026-11-25 15:00"],
    ["2 ժամից", "2026-11-25 15:00"],
    ["2 ժամ հետո", "2026-11-25 15:00"],
    ["30 րոպեից", "2026-11-25 13:30"],
    ["կես ժամից", "2026-11-25 13:30"],
    ["3 օրից", "2026-11-28 13:00"],
    ["հաջորդ շաբաթ", "2026-11-30 09:00"], // next week starts on Monday
    ["հաջորդ ամիս", "2026-12-01 09:00"],
    ["15 դեկտեմբերի", "2026-12-15 09:00"],
    ["դեկտեմբերի 15-ին ժամը 11", "2026-12-15 11:00"],
    ["03/12", "2026-12-03 09:00"], // day/month in hy
    ["03.12 ժամը 15", "2026-12-03 15:00"],
    ["15.12.2026", "2026-12-15 09:00"],
    ["ժամը 17:30", "2026-11-25 17:30"],
  ])("reads %s as %s", (text, expected) => {
    expect(local(text, "Asia/Yerevan", hy)).toBe(expected);
  });

  it("refuses a date in the wrong order with an example in the writer's order", () => {
    expect(refusal("12/15", "Asia/Yerevan", hy)).toMatchObject({ code: "when.bad_date.day_month", params: { example: "15/12" } });
  });
});

describe("numeric dates in English keep month/day, and are never swapped", () => {
  it("reads 03/12 as March 12 and refuses 15/12 with the month/day example", () => {
    expect(local("03/12", "UTC", en)).toBe("2027-03-12 09:00");
    expect(local("12/01", "UTC", en)).toBe("2026-12-01 09:00");
    expect(refusal("15/12", "UTC", en)).toMatchObject({ code: "when.bad_date.month_day", params: { text: "15/12", example: "12/15" } });
    expect(local("2026-12-01 10:30", "UTC", en)).toBe("2026-12-01 10:30");
    // A dotted pair is not a date in en: it stays for chrono to read, as before.
    expect(local("today 17.30", "UTC", en)).toBe(local("today 17:30", "UTC", en));
  });

  it("reads the same phrase in Tehran and Yerevan as each zone's own wall clock (no DST in either)", () => {
    expect(readWhen("فردا ساعت ۱۰", utc(NOW), "Asia/Tehran", fa).toISO()).toBe("2026-11-26T06:30:00.000Z");
    expect(readWhen("فردا ساعت ۱۰", utc(NOW), "Asia/Yerevan", fa).toISO()).toBe("2026-11-26T06:00:00.000Z");
    // Iran has kept UTC+3:30 all year since 2022: a June date is still +3:30.
    expect(readWhen("۱۵ خرداد ۱۴۰۶ ساعت ۱۰", utc(NOW), "Asia/Tehran", fa).toISO()).toBe("2027-06-05T06:30:00.000Z");
  });
});

describe("a time phrase at the end of a task title", () => {
  const read = (zone: string, reading: WhenReading) => (text: string) => readWhen(text, utc(NOW), zone, reading);

  it("takes the longest trailing run that reads, and leaves the rest as the title", () => {
    const words = ["با", "آرین", "فردا", "ساعت", "۱۰"];
    expect(trailingWhen(words, read("Asia/Tehran", fa))).toMatchObject({ length: 3 });
    expect(trailingWhen(["Զանգ", "վաղը", "ժամը", "10"].slice(1), read("Asia/Yerevan", hy))?.at.toISO()).toBe("2026-11-26T06:00:00.000Z");
  });

  it("leaves English titles alone and finds nothing in a title without a time", () => {
    expect(trailingWhen(["Acme", "tomorrow", "10:00"], read("UTC", en))).toBeNull();
    expect(trailingWhen(["ساعت"], read("Asia/Tehran", fa))).toBeNull();
    expect(trailingWhen(["فاکتور", "۱۲"], read("Asia/Tehran", fa))).toBeNull();
  });

  it("refuses a trailing time already past instead of keeping it in the title", () => {
    expect(() => trailingWhen(["امروز", "ساعت", "۸"], read("Asia/Tehran", fa))).toThrow("when.today_past");
  });
});
