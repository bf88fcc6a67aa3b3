import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { App } from "../../../src/app.js";
import type { Clock } from "../../../src/domain/shared/clock.js";
import { composers } from "../../../src/bots/reminders/all.composers.js";
import { unpacedOutbox } from "../../support/inbox.js";
import { jumpTo } from "../../support/outbox.js";
import type { Dispatcher } from "../../../src/bots/commands/dispatch.js";
import type { Registry } from "../../../src/bots/commands/registry.js";
import type { Door, HttpRoute } from "../../../src/bots/door.js";
import { serveRoutes } from "../../../src/bots/http-server.js";
import { createBaleDoor, createTelegramDoor } from "../../../src/bots/telegram/telegram.door.js";
import type { TelegramEmulator } from "../../emulators/telegram-emulator.js";

export const WEBHOOK_PATH = "/telegram/webhook";
export const WEBHOOK_SECRET = "s3cret_for-tests";
/** Bale's secret is a path segment, so it must be long enough not to be guessed (config asks for 32+). */
export const BALE_WEBHOOK_SECRET = "bale_s3cret_for-tests_0123456789abcdef";

export type Transport = "polling" | "webhook";

/**
 * The real Telegram door against the emulator: long polling, or a webhook served by the shared HTTP server
 * on a free port (the route is in place before the door exists, since the webhook URL needs the port).
 * `platform: "bale"` opens the Bale door instead (the emulator then runs in its Bale mode); its webhook's
 * route is the URL's path plus the secret.
 */
export async function openTelegramDoor(
  transport: Transport,
  app: App,
  tg: TelegramEmulator,
  {
    dispatcher = app.dispatcher,
    registry = app.registry,
    platform = "telegram",
  }: { dispatcher?: Dispatcher; registry?: Registry; platform?: "telegram" | "bale" } = {},
) {
  let route: HttpRoute | undefined;
  let server: Server | null = null;
  let url: string | undefined;
  if (transport === "webhook") {
    const path = platform === "bale" ? `${WEBHOOK_PATH}/${BALE_WEBHOOK_SECRET}` : WEBHOOK_PATH;
    server = await serveRoutes(0, [{ path, handler: (req, res) => route!.handler(req, res) }], "127.0.0.1");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  }
  const deps = { dispatcher, members: app.members, chats: app.chats, registry, inbox: app.inbox, clock: app.clock, log: app.log };
  const door: Door =
    platform === "bale"
      ? createBaleDoor({
          config: { ...app.config, BALE_BOT_TOKEN: tg.token, BALE_API_ROOT: tg.apiRoot, BALE_WEBHOOK_URL: url, BALE_WEBHOOK_SECRET: url ? BALE_WEBHOOK_SECRET : undefined },
          ...deps,
        })!
      : createTelegramDoor({
          config: { ...app.config, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: url ? WEBHOOK_SECRET : undefined },
          ...deps,
        })!;
  route = door.routes[0];
  await door.start();
  // Replies leave through the outbox.
  app.messengers[door.name] = door.messenger;
  app.outbox.start();
  return {
    door,
    url,
    async close() {
      await door.stop();
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
    },
  };
}

/**
 * Stops the app's own outbox loop and gives the test a dispatcher of the same app, unpaced (the emulator's
 * limits are off and the clock is fixed), that sends one round when the test says so (`tick`).
 */
export async function steppedOutbox(app: App, clock: Clock & Parameters<typeof jumpTo>[0], instanceId: string) {
  await app.outbox.stop();
  return createOutboxDispatcher({
    db: app.database,
    messengers: app.messengers,
    dispatcher: app.dispatcher,
    composers: composers(),
    clock,
    log: app.log,
    instanceId,
    options: { rateLimits: unpacedOutbox.rateLimits },
    waitUntil: jumpTo(clock),
  });
}
