import { setTimeout as sleep } from "node:timers/promises";
import { TelegramError, type Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import type { Logger } from "../../log.js";
import { withIntake, type Intake } from "./telegram.bot.js";

/** How long one getUpdates call waits for an update, in seconds (what telegraf uses). */
const POLL_TIMEOUT = 50;
/** Seconds a long poll may overrun the server's own wait before it is given up. */
const POLL_SLACK = 10;
const RETRY_AFTER_SECONDS = 5;
/** How often a full inbox is looked at again before fetching more. */
const FULL_WAIT_MS = 200;

/**
 * Long polling, as telegraf's launch() does it, but with a start that resolves once the webhook is gone and
 * a stop that works at any moment (launch() cannot be stopped before its first getUpdates). An update is
 * confirmed (the offset moves past it) only once it is recorded in the inbox, so a crash means a
 * redelivery, which the inbox answers without redoing. It fetches no more than the inbox has room for:
 * while the inbox is full, updates wait with Telegram, unconfirmed.
 */
export function startPolling(bot: Telegraf, allowedUpdates: readonly string[] | null, log: Logger, room: () => number = () => 100) {
  const abort = new AbortController();
  const { signal } = abort;
  let offset = 0;

  async function getUpdates(): Promise<Update[] | null> {
    while (room() <= 0 && !signal.aborted) await sleep(FULL_WAIT_MS, undefined, { signal }).catch(() => {});
    if (signal.aborted) return null;
    try {
      return (await bot.telegram.callApi(
        "getUpdates",
        // null: a Bot API that documents no allowed_updates (Bale) is not sent one; the bot ignores other updates.
        { timeout: POLL_TIMEOUT, offset, limit: Math.min(100, room()), ...(allowedUpdates ? { allowed_updates: allowedUpdates as never } : {}) },
        // telegraf types its signal as the abort-controller polyfill's; node-fetch takes the built-in one.
        // Bounded past the wait the server was asked for: a poll that never answers is given up and made again.
        { signal: AbortSignal.any([signal, AbortSignal.timeout((POLL_TIMEOUT + POLL_SLACK) * 1000)]) as never },
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
      // One at a time, in order (each is one insert): a chat's updates reach the inbox in the order sent.
      for (const update of updates) {
        const intake: Intake = { refused: false };
        await withIntake(intake, () => bot.handleUpdate(update));
        if (intake.refused) {
          // The database did not take it: it and the rest of the batch come again with the next poll.
          await sleep(RETRY_AFTER_SECONDS * 1000, undefined, { signal }).catch(() => {});
          break;
        }
        offset = update.update_id + 1;
      }
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
    /** Ends the current long poll and resolves once the batch in hand is recorded and confirmed. */
    async stop(): Promise<void> {
      abort.abort();
      await done;
    },
  };
}
