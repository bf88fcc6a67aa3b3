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
import { BALE, BALE_API_ROOT, TELEGRAM, type BotApiDialect } from "./bot-api.dialects.js";

export type TelegramDoorDeps = {
  config: Pick<
    Config,
    | "TELEGRAM_BOT_TOKEN"
    | "TELEGRAM_API_ROOT"
    | "TELEGRAM_WEBHOOK_URL"
    | "TELEGRAM_WEBHOOK_SECRET"
    | "BALE_BOT_TOKEN"
    | "BALE_API_ROOT"
    | "BALE_WEBHOOK_URL"
    | "BALE_WEBHOOK_SECRET"
    | "CRM_DEFAULT_LOCALE"
  >;
  dispatcher: Pick<Dispatcher, "handle" | "answer" | "capture" | "press" | "resolve">;
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
export function createTelegramDoor(deps: TelegramDoorDeps): Door | null {
  const { config } = deps;
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  return createBotApiDoor(deps, {
    dialect: TELEGRAM,
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    webhookUrl: config.TELEGRAM_WEBHOOK_URL,
    secret: config.TELEGRAM_WEBHOOK_SECRET,
  });
}

/**
 * The Bale door, or null without BALE_BOT_TOKEN: the same door against Bale's Bot API root, as its own
 * platform (its people, chats and outbox pace are Bale's). Bale sends no secret header, so a webhook's
 * secret is the last segment of its path: BALE_WEBHOOK_URL + "/" + BALE_WEBHOOK_SECRET.
 */
export function createBaleDoor(deps: TelegramDoorDeps): Door | null {
  const { config } = deps;
  if (!config.BALE_BOT_TOKEN) return null;
  return createBotApiDoor(deps, {
    dialect: BALE,
    token: config.BALE_BOT_TOKEN,
    apiRoot: config.BALE_API_ROOT ?? BALE_API_ROOT,
    webhookUrl: config.BALE_WEBHOOK_URL,
    secret: config.BALE_WEBHOOK_SECRET,
  });
}

type BotApiDoorOptions = {
  dialect: BotApiDialect;
  token: string;
  apiRoot: string | undefined;
  webhookUrl: string | undefined;
  secret: string | undefined;
};

function createBotApiDoor(
  { config, dispatcher, members, chats, registry, inbox, clock, log: parentLog }: TelegramDoorDeps,
  { dialect, token, apiRoot, webhookUrl: configuredUrl, secret }: BotApiDoorOptions,
): Door {
  const { platform } = dialect;
  const log = parentLog.child({ door: platform });
  const t = translator(config.CRM_DEFAULT_LOCALE);
  const { bot } = createTelegramBot({ token, apiRoot, inbox, chats, registry, log, t, dialect });
  // Entries are worked by platform (their keys start with it), so Telegram's and Bale's each have their handler.
  inbox.register(platform, telegramInboxHandler({ dispatcher, members, inbox, telegram: bot.telegram, clock, log, dialect }));
  // config refuses a webhook URL without a secret; this guards callers that build a Config by hand.
  if (configuredUrl && !secret) throw new Error(`${platform} webhook URL needs a secret`);
  const webhookUrl = configuredUrl && dialect.webhookSecretIn === "path" ? `${configuredUrl.replace(/\/+$/, "")}/${secret}` : configuredUrl;
  let polling: ReturnType<typeof startPolling> | null = null;
  let receiving = false;
  /** Webhook requests being read or recorded; stop() waits for them before the database closes. */
  const requests = new Set<Promise<void>>();

  const routes: HttpRoute[] = [];
  if (webhookUrl) {
    const path = new URL(webhookUrl).pathname;
    // telegraf answers a wrong path, method or secret with 403 and a body that is not JSON with 415. With the
    // secret in the path (Bale), a request to any other path is simply not this route.
    const callback = bot.webhookCallback(path, dialect.webhookSecretIn === "header" ? { secretToken: secret } : {});
    /**
     * The body is read whole under the size limit (413 past it) and decoded once, so a character split
     * across two TCP writes arrives as one (telegraf would decode chunk by chunk). A body that is not an
     * update is refused: 415 (not JSON) or 400 when it carries the secret, else the 403 telegraf gives a stranger.
     * A Bale request that reached this route carries the secret already, in its path.
     */
    const receive = async (req: IncomingMessage, res: ServerResponse) => {
      const raw = await readBody(req, res);
      if (!raw) return;
      const update = parseUpdate(raw);
      if (update.problem) {
        // secret is set: a webhook URL without one is refused above.
        const fromPlatform = dialect.webhookSecretIn === "path" || hasSecret(req, secret!);
        if (fromPlatform) log.warn({ bytes: raw.length, problem: update.problem }, `malformed ${platform} webhook body refused`);
        // As telegraf answers: 415 for a body that is not JSON at all.
        res.writeHead(!fromPlatform ? 403 : update.problem === "not JSON" ? 415 : 400).end();
        return;
      }
      // telegraf takes an already-read body from req.body instead of reading the stream.
      await callback(Object.assign(req, { body: update.update }), res);
    };
    routes.push({
      path,
      handler(req: IncomingMessage, res: ServerResponse) {
        // Before start() and after stop(), a delivery is refused so the platform keeps it and sends it again.
        if (!receiving) {
          res.writeHead(503, { "retry-after": "5" }).end();
          return;
        }
        // The 200 goes out once the update is recorded; a failure to record it answers 503 (telegram.bot.ts).
        const request = withIntake({ refused: false, response: res }, () => receive(req, res)).catch((error: unknown) => {
          log.error({ err: error }, `${platform} webhook request failed`);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
        requests.add(request);
        void request.finally(() => requests.delete(request));
      },
    });
  }

  return {
    name: platform,
    routes,
    messenger: createTelegramMessenger(bot.telegram, dialect),

    async start() {
      bot.botInfo = await bot.telegram.getMe();
      if (dialect.commandMenu) await publishMenus(bot.telegram, registry, config.CRM_DEFAULT_LOCALE);
      const allowedUpdates = dialect.allowedUpdates ? ALLOWED_UPDATES : null;
      if (webhookUrl) {
        receiving = true;
        await bot.telegram.setWebhook(
          webhookUrl,
          dialect.webhookSecretIn === "header" ? { secret_token: secret, ...(allowedUpdates ? { allowed_updates: [...allowedUpdates] } : {}) } : {},
        );
      } else {
        polling = startPolling(bot, allowedUpdates, log, inbox.room);
        await polling.start();
      }
      log.info({ bot: bot.botInfo.username, transport: webhookUrl ? "webhook" : "polling" }, `${platform} door started`);
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
