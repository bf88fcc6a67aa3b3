import { DateTime } from "luxon";
import type { Clock } from "../domain/shared/clock.js";

export const systemClock: Clock = { now: () => DateTime.utc() };
