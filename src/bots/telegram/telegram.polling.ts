import { setTimeout as sleep } from "node:timers/promises";
import { TelegramError, type Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import type { Logger } from "../../log.js";

/** How long one getUpdates call waits for an update, in seconds (what telegraf uses). */
const POLL_TIMEOUT = 50;
const RETRY_AFTER_SECONDS = 5;

/**
 * Long polling, as telegraf's launch() does it, but with a start that resolves once the webhook is gone and
 * a stop that works at any moment (launch() cannot be stopped before its first getUpdates). A batch is
 * confirmed (offset = last update_id + 1) only after it was handled, so a crash means a redelivery, which
 * the dispatcher's delivery keys turn into "answered, not redone".
 */
export function startPolling(bot: Telegraf, allowedUpdates: readonly string[], log: Logger) {
  const abort = new AbortController();
  const { signal } = abort;
  let offset = 0;

  async function getUpdates(): Promise<Update[] | null> {
    try {
      return (await bot.telegram.callApi(
        "getUpdates",
        { timeout: POLL_TIMEOUT, offset, allowed_updates: allowedUpdates as never },
        // telegraf types its signal as the abort-controller polyfill's; node-fetch takes the built-in one.
        { signal: signal as never },
      )) as Update[];
    } catch (error) {
      if (signal.aborted) return null;
      // 401: the token was revoked; 409: a webhook is set or another process polls. Waiting will not help.
      if (error instanceof TelegramError && (error.code === 401 || error.code === 409)) throw error;
      const seconds = (error instanceof TelegramError && error.parameters?.retry_after) || RETRY_AFTER_SECONDS;
      log.warn({ err: error, retryInSeconds: seconds }, "telegram getUpdates failed");
      await sleep(seconds * 1000, undefined, { signal }).catch(() => {});
      return [];
    }
  }

  async function loop(): Promise<void> {
    while (!signal.aborted) {
      const updates = await getUpdates();
      if (!updates) break;
      const last = updates.at(-1);
      if (last) offset = last.update_id + 1;
      // Handlers never throw (the bot logs failures); each chat keeps its own order inside the bot.
      await Promise.all(updates.map((update) => bot.handleUpdate(update)));
    }
    // Confirms the last handled batch, so the next start does not see it again.
    if (offset) await bot.telegram.callApi("getUpdates", { offset, limit: 1, timeout: 0 }).catch(() => {});
  }

  let done: Promise<void> | null = null;
  return {
    /** Removes any webhook (getUpdates is refused while one is set), then polls in the background. */
    async start(): Promise<void> {
      await bot.telegram.deleteWebhook();
      done = loop().catch((error: unknown) => log.fatal({ err: error }, "telegram long polling stopped"));
    },
    /** Ends the current long poll and resolves once the batch in hand is handled and confirmed. */
    async stop(): Promise<void> {
      abort.abort();
      await done;
    },
  };
}
