import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from "jalaali-js";

/**
 * Jalali calendar arithmetic, through jalaali-js (Borkowski's algorithm, the one Iran's calendar follows
 * for 1-3177 AP). Luxon's `outputCalendar: "persian"` is for display only: its month arithmetic runs on the
 * Gregorian months underneath (`startOf("month")` of 1404/01/21 gives 1404/01/12), so nothing here uses it.
 */
export type CivilDate = { year: number; month: number; day: number };

export function jalaliToGregorian({ year, month, day }: CivilDate): CivilDate | null {
  if (!isValidJalaaliDate(year, month, day)) return null;
  const { gy, gm, gd } = toGregorian(year, month, day);
  return { year: gy, month: gm, day: gd };
}

export function gregorianToJalali({ year, month, day }: CivilDate): CivilDate {
  const { jy, jm, jd } = toJalaali(year, month, day);
  return { year: jy, month: jm, day: jd };
}

export const jalaliMonthLength = (year: number, month: number): number => jalaaliMonthLength(year, month);

/** `months` Jalali months after `date` (a Gregorian date), the day kept or clamped to the month's end (Esfand 30 → 29). */
export function plusJalaliMonths(date: CivilDate, months: number): CivilDate {
  const j = gregorianToJalali(date);
  const index = j.year * 12 + (j.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return jalaliToGregorian({ year, month, day: Math.min(j.day, jalaliMonthLength(year, month)) })!;
}

/** The first day of the Jalali month `months` after the one `date` falls in, as a Gregorian date. */
export function startOfJalaliMonth(date: CivilDate, months = 0): CivilDate {
  const j = gregorianToJalali(date);
  const index = j.year * 12 + (j.month - 1) + months;
  return jalaliToGregorian({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 })!;
}
