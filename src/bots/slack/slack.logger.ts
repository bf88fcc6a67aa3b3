import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../log.js";

/** Bolt and its Web API client log through our pino logger, so their lines land on stderr as JSON too. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "slack" });
  const line = (parts: unknown[]) => parts.map((part) => (typeof part === "string" ? part : String(part))).join(" ");
  return {
    debug: (...parts) => child.debug(line(parts)),
    info: (...parts) => child.info(line(parts)),
    warn: (...parts) => child.warn(line(parts)),
    error: (...parts) => child.error(line(parts)),
    // The level is LOG_LEVEL's; Bolt asking to change it is ignored.
    setLevel: () => {},
    getLevel: () => (child.isLevelEnabled("debug") ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}
