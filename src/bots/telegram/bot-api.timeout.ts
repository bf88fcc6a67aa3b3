import { Context, type Telegram } from "telegraf";
import type { Update, UserFromGetMe } from "telegraf/types";

/** How long a Bot API request may take, connect to answer, before it is given up as "maybe sent". */
export const BOT_API_TIMEOUT_MS = 10_000;

/**
 * telegraf's client puts no time limit on a request: a Bot API server that takes the connection and never
 * answers would hold a send, and the outbox round behind it, for good. This bounds every request of this
 * client that brings no signal of its own. Long polling brings one, bounded by its own wait.
 * A request given up this way may have reached Telegram: the messenger reports it as uncertain.
 */
export function boundRequests<T extends Telegram>(telegram: T, ms: number): T {
  const callApi = telegram.callApi.bind(telegram);
  const bounded = (method: string, payload: unknown, options: { signal?: AbortSignal } = {}) =>
    callApi(method as never, payload as never, { ...options, signal: (options.signal ?? AbortSignal.timeout(ms)) as never });
  telegram.callApi = bounded as T["callApi"];
  return telegram;
}

/**
 * telegraf makes a client of its own for each update (ctx.telegram: a press's answer, a refusal sent as a
 * request); this context bounds it as the bot's own.
 */
export function boundedContext(ms: number) {
  return class BoundedContext extends Context {
    constructor(update: Update, telegram: Telegram, botInfo: UserFromGetMe) {
      super(update, boundRequests(telegram, ms), botInfo);
    }
  };
}
