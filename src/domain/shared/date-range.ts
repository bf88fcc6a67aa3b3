import type { DateTime } from "luxon";
import { DomainError } from "./errors.js";

/**
 * The years Threadline handles, in one place. Every date a person gives (a due date, a payment date, a
 * reminder time) must fall inside them. Outside, the arithmetic built on a date breaks in ways no one meant:
 * year 0000 is not a PostgreSQL date, and a due date near 9999 has its weekly chasers land in year 10000,
 * which luxon and the database cannot write.
 */
export const SUPPORTED_YEARS = { first: 1900, last: 2100 } as const;

/** Refuses `date` ("date.out_of_range", naming `text` as the person wrote it) when its year is outside SUPPORTED_YEARS. */
export function assertSupportedDate(date: DateTime, text: string): void {
  if (!date.isValid || date.year < SUPPORTED_YEARS.first || date.year > SUPPORTED_YEARS.last) {
    // Years as text: a number placeholder would be shown with a thousands separator (1,900).
    throw new DomainError("date.out_of_range", { text, first: String(SUPPORTED_YEARS.first), last: String(SUPPORTED_YEARS.last) });
  }
}
