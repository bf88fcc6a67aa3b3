import { DateTime, type Duration, type DurationLike } from "luxon";
import type { Clock } from "../../src/domain/shared/clock.js";

/** A clock that stands still until a test moves it. */
export function fixedClock(start: string | DateTime = "2026-11-25T09:00:00Z") {
  let now = typeof start === "string" ? DateTime.fromISO(start, { zone: "utc" }) : start.toUTC();
  return {
    now: () => now,
    set(to: string | DateTime) {
      now = typeof to === "string" ? DateTime.fromISO(to, { zone: "utc" }) : to.toUTC();
    },
    advance(by: DurationLike | Duration) {
      now = now.plus(by);
    },
  } satisfies Clock & Record<string, unknown>;
}
