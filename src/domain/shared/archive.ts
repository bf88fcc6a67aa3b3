import type { DateTime } from "luxon";

/** How long after archiving a record its Undo button still restores it. */
export const UNDO_MINUTES = 10;

/** Whether a record archived at `archivedAt` may still be restored by Undo at `now`. */
export function undoWindowOpen(archivedAt: DateTime, now: DateTime): boolean {
  return now.diff(archivedAt, "minutes").minutes <= UNDO_MINUTES;
}
