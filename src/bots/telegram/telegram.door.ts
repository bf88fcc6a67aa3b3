import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createTelegramMessenger } from "./telegram.messenger.js";
import type { Config } from "../../config.js";
import type { ChatRepo } from "../../domain/members/chat.repo.js";
import type { MemberRepo } from "../../domain/members/member.repo.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { Registry } from "../commands/registry.js";
import type { Door, HttpRoute } from "../door.js";
import { readBody } from "../http-body.js";
import type { Update } from "telegraf/types";
import type { InboxWorker } from "../inbox/inbox.worker.js";
import { translator } from "../render/i18n.js";
import { createTelegramBot, withIntake } from "./telegram.bot.js";
import { telegramInboxHandler } from "./telegram.inbox.js";
import { publishMenus } from "./telegram.menu.js";
import { startPolling } from "./telegram.polling.js";

export type TelegramDoorDeps = {
  config: Pick<Config, "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "TELEGRAM_WEBHOOK_URL" | "TELEGRAM_WEBHOOK_SECRET" | "CRM_DEFAULT_LOCALE">;
  dispatcher: Pick<Dispatcher, "handle" | "press" | "resolve">;
  members: Pick<MemberRepo, "findByIdentity">;
  chats?: ChatRepo | undefined;
  registry: Registry;
  /** Every update is recorded here before it is confirmed, and worked off from here. */
  inbox: Pick<InboxWorker, "accept" | "register" | "room" | "answerLater" | "wakeOutbox">;
  clock: Clock;
  log: Logger;
};

/** The only updates the door acts on; the rest (edits, member changes, reactions) are not sent at all. */
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/**
 * The Telegram door, or null when no bot token is configured. It receives by long polling, or, with
 * TELEGRAM_WEBHOOK_URL, as a route on the shared HTTP server at that URL's path, checked against the
 * secret Telegram sends in X-Telegram-Bot-Api-Secret-Token.
 */
export function createTelegramDoor({ config, dispatcher, members, chats, registry, inbox, clock, log: parentLog }: TelegramDoorDeps): Door | null {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return null;
  const log = parentLog.child({ door: "telegram" });
  const t = translator(config.CRM_DEFAULT_LOCALE);
  const { bot } = createTelegramBot({ token, apiRoot: config.TELEGRAM_API_ROOT, inbox, chats, registry, log, t });
  inbox.register("telegram", telegramInboxHandler({ dispatcher, members, inbox, telegram: bot.telegram, clock, log }));
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  let polling: ReturnType<typeof startPolling> | null = null;
  let receiving = false;
  /** Webhook requests being read or recorded; stop() waits for them before the database closes. */
  const requests = new Set<Promise<void>>();

  const routes: HttpRoute[] = [];
  if (webhookUrl) {
    // config refuses a webhook URL without a secret; this guards callers that build a Config by hand.
    if (!secret) throw new Error("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET");
    const path = new URL(webhookUrl).pathname;
    // telegraf answers a wrong path, method or secret with 403 and a body that is not JSON with 415.
    const callback = bot.webhookCallback(path, { secretToken: secret });
    /**
     * The body is read whole under the size limit (413 past it) and decoded once, so a character split
     * across two TCP writes arrives as one (telegraf would decode chunk by chunk). A body that is not an
     * update is refused: 415 (not JSON) or 400 when it carries the secret, else the 403 telegraf gives a stranger.
     */
    const receive = async (req: IncomingMessage, res: ServerResponse) => {
      const raw = await readBody(req, res);
      if (!raw) return;
      const update = parseUpdate(raw);
      if (update.problem) {
        const fromTelegram = hasSecret(req, secret);
        if (fromTelegram) log.warn({ bytes: raw.length, problem: update.problem }, "malformed Telegram webhook body refused");
        // As telegraf answers: 415 for a body that is not JSON at all.
        res.writeHead(!fromTelegram ? 403 : update.problem === "not JSON" ? 415 : 400).end();
        return;
      }
      // telegraf takes an already-read body from req.body instead of reading the stream.
      await callback(Object.assign(req, { body: update.update }), res);
    };
    routes.push({
      path,
      handler(req: IncomingMessage, res: ServerResponse) {
        // Before start() and after stop(), a delivery is refused so Telegram keeps it and sends it again.
        if (!receiving) {
          res.writeHead(503, { "retry-after": "5" }).end();
          return;
        }
        // The 200 goes out once the update is recorded; a failure to record it answers 503 (telegram.bot.ts).
        const request = withIntake({ refused: false, response: res }, () => receive(req, res)).catch((error: unknown) => {
          log.error({ err: error }, "telegram webhook request failed");
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
        requests.add(request);
        void request.finally(() => requests.delete(request));
      },
    });
  }

  return {
    name: "telegram",
    routes,
    messenger: createTelegramMessenger(bot.telegram),

    async start() {
      bot.botInfo = await bot.telegram.getMe();
      await publishMenus(bot.telegram, registry, config.CRM_DEFAULT_LOCALE);
      if (webhookUrl) {
        receiving = true;
        await bot.telegram.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
      } else {
        polling = startPolling(bot, ALLOWED_UPDATES, log, inbox.room);
        await polling.start();
      }
      log.info({ bot: bot.botInfo.username, transport: webhookUrl ? "webhook" : "polling" }, "telegram door started");
    },

    async stop() {
      receiving = false;
      await polling?.stop();
      polling = null;
      await Promise.allSettled([...requests]);
    },
  };
}

/** The update in a webhook body, decoded as a whole, or what is wrong with the body. */
function parseUpdate(raw: Buffer): { update: Update; problem?: undefined } | { update?: undefined; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    return { problem: "not JSON" };
  }
  const isUpdate = typeof value === "object" && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id);
  return isUpdate ? { update: value as Update } : { problem: "not an update (no integer update_id)" };
}

function hasSecret(req: IncomingMessage, secret: string): boolean {
  const sent = req.headers["x-telegram-bot-api-secret-token"];
  if (typeof sent !== "string" || sent.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(secret));
}
