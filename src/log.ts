import pino from "pino";

/** Logs go to stderr, so the console chat's stdout carries nothing but the conversation. */
export function createLogger(level: string) {
  return pino({ level, base: undefined }, pino.destination(2));
}

export type Logger = ReturnType<typeof createLogger>;
