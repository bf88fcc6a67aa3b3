import type { DateTime } from "luxon";

/** The only way the domain learns the time: the system clock in production, a fixed one in tests. */
export type Clock = { now(): DateTime };
