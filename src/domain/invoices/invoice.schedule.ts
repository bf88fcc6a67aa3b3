import { DateTime } from "luxon";
import { addDays, type CalendarDate } from "./invoice.js";

export const CHASE_KINDS = ["invoice.due_soon", "invoice.due_today", "invoice.overdue"] as const;
export type ChaseKind = (typeof CHASE_KINDS)[number];

export const DUE_SOON_DAYS = 3;
/**
 * Weekly overdue reminders stop after this many: after three months an unpaid invoice is a collections
 * matter, and `/invoice list overdue` still shows it. Each row is written when the invoice is sent, so
 * paying or voiding cancels all of them in its own transaction.
 */
export const OVERDUE_REMINDERS = 12;
export const REMINDER_HOUR = 9;
/** How long an approval request waits before its approvers are nudged. */
export const APPROVAL_NUDGE_AFTER = { days: 1 } as const;

/** 09:00 on `date` in `zone`, as an instant. */
export function morningOf(date: CalendarDate, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).set({ hour: REMINDER_HOUR, minute: 0, second: 0, millisecond: 0 }).toUTC();
}

/**
 * The reminders to the invoice's owner for a due date: three days before, on the day, the day after and
 * then weekly, each at 09:00 in the workspace's zone. Times already past are left out (an invoice sent the
 * day before it is due gets no "due in 3 days").
 */
export function chaseSchedule(dueDate: CalendarDate, zone: string, now: DateTime): { kind: ChaseKind; at: DateTime; step: number }[] {
  const plan: { kind: ChaseKind; at: DateTime; step: number }[] = [
    { kind: "invoice.due_soon", at: morningOf(addDays(dueDate, -DUE_SOON_DAYS), zone), step: 0 },
    { kind: "invoice.due_today", at: morningOf(dueDate, zone), step: 0 },
  ];
  for (let week = 0; week < OVERDUE_REMINDERS; week++) {
    plan.push({ kind: "invoice.overdue", at: morningOf(addDays(dueDate, 1 + 7 * week), zone), step: week + 1 });
  }
  return plan.filter((entry) => entry.at > now);
}
