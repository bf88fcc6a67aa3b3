import { DateTime } from "luxon";

// The one place that touches JavaScript Dates: Prisma hands them over, the rest of the code sees luxon in UTC.
export const fromDb = (date: Date): DateTime => DateTime.fromJSDate(date, { zone: "utc" });
export const fromDbOrNull = (date: Date | null): DateTime | null => (date ? fromDb(date) : null);
export const toDb = (dt: DateTime): Date => dt.toUTC().toJSDate();
export const toDbOrNull = (dt: DateTime | null | undefined): Date | null => (dt ? toDb(dt) : null);
