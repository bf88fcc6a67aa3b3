import "dotenv/config";
import type { Server } from "node:http";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { buildApp, type App } from "./app.js";
import { DataDirLockedError } from "./adapters/prisma/dir-lock.js";
import { runConsoleChat } from "./bots/console/console.chat.js";
import { consoleButtons } from "./bots/console/console.buttons.js";
import { consolePrinter } from "./bots/console/console.printer.js";
import type { Door } from "./bots/door.js";
import { serveRoutes } from "./bots/http-server.js";
import { createSlackDoor } from "./bots/slack/slack.door.js";
import { createBaleDoor, createTelegramDoor } from "./bots/telegram/telegram.door.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./log.js";
import { createConsoleMessenger } from "./bots/console/console.messenger.js";

/** Start-up: config, migrations, then every configured door; one clean shutdown path for all of them. */
async function main() {
  let app: App;
  let config: Config;
  try {
    config = loadConfig();
    const platformTokens = Boolean(config.SLACK_BOT_TOKEN || config.TELEGRAM_BOT_TOKEN || config.BALE_BOT_TOKEN);
    // When the console chat is the only door, logs share its terminal: keep them to warnings unless asked.
    const log = createLogger(config.LOG_LEVEL ?? (platformTokens ? "info" : "warn"));
    app = await buildApp(config, { log });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      process.stderr.write(`threadline: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { log } = app;
  const doors = [
    createSlackDoor({ config, dispatcher: app.dispatcher, members: app.members, workspaces: app.workspaces, inbox: app.inbox, clock: app.clock, log }),
    createTelegramDoor({ config, dispatcher: app.dispatcher, members: app.members, chats: app.chats, registry: app.registry, inbox: app.inbox, clock: app.clock, log }),
    createBaleDoor({ config, dispatcher: app.dispatcher, members: app.members, chats: app.chats, registry: app.registry, inbox: app.inbox, clock: app.clock, log }),
  ].filter((door): door is Door => door !== null);
  let server: Server | null = null;
  const started: Door[] = [];
  let outboxRunning = false;
  let stopping: Promise<void> | null = null;

  /**
   * One clean stop, in order: close the doors (new Slack and webhook requests get a 503, long polling stops
   * fetching and leaves the rest with Telegram), finish what was acknowledged within the inbox's grace (or
   * leave it in the inbox for the next start), let the outbox finish its round, then close the database.
   */
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      log.info({ reason }, "shutting down");
      const step = (what: string, work: () => Promise<void>) => work().catch((error: unknown) => log.error({ err: error, what }, "stop failed"));
      for (const door of started) await step(`${door.name} door`, () => door.stop());
      await step("inbox", () => app.inbox.stop());
      if (outboxRunning) await step("outbox", () => app.outbox.stop());
      if (server) {
        const closing = server;
        await step("HTTP server", () => new Promise<void>((resolve) => {
          closing.close(() => resolve());
          closing.closeIdleConnections();
        }));
      }
      await app.close();
    })());
  const exitAfter = (reason: string) => void shutdown(reason).then(() => process.exit(0));
  process.once("SIGINT", () => exitAfter("SIGINT"));
  process.once("SIGTERM", () => exitAfter("SIGTERM"));

  // A work instance receives nothing: its doors only answer, for the entries intake instances recorded.
  const receives = config.INBOX_ROLE !== "work";
  try {
    const routes = receives ? doors.flatMap((door) => door.routes) : [];
    if (routes.length) {
      server = await serveRoutes(config.PORT, routes);
      log.info({ port: config.PORT, paths: routes.map((route) => route.path) }, "serving HTTP");
    }
    for (const door of doors) {
      if (receives) {
        await door.start();
        started.push(door);
      }
      app.messengers[door.name] = door.messenger;
    }
    // With every door's handler registered: resume what a crash (or a stop past its grace) left unfinished.
    await app.inbox.start();
  } catch (error) {
    log.error({ err: error }, "a chat door failed to start");
    await shutdown("start-up failed");
    process.stderr.write(`threadline: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  const consoleOn = config.CONSOLE_CHAT === "on" || (config.CONSOLE_CHAT === "auto" && doors.length === 0);
  // Reminders for people who use the console chat print into it, between the replies, through the same
  // printer: one numbering of buttons, one files folder.
  const printer = consolePrinter({ output: process.stdout, buttons: consoleButtons(), filesDir: resolve(config.CONSOLE_FILES_DIR) });
  if (consoleOn) app.messengers.console = createConsoleMessenger(printer, { locale: config.CRM_DEFAULT_LOCALE });
  // The outbox reads app.messengers at every send, so it starts after the doors put theirs in. An intake
  // instance sends nothing: its time is the acknowledgements'; the work instances send the answers and reminders.
  if (config.INBOX_ROLE !== "intake") {
    app.outbox.start();
    outboxRunning = true;
  }
  log.info(
    { database: app.database.engine, doors: doors.map((door) => door.name), console: consoleOn, inbox: config.INBOX_ROLE },
    "threadline started",
  );

  if (consoleOn) {
    await runConsoleChat(app.dispatcher, {
      input: process.stdin,
      output: process.stdout,
      user: config.CONSOLE_USER ?? userInfo().username,
      locale: config.CRM_DEFAULT_LOCALE,
      printer,
    });
    // End of input ends a console-only run; beside Slack/Telegram the bot keeps serving them. What the last
    // commands left due now (a sent invoice's PDF) is delivered first: the second round starts after they
    // committed, where the first may have been one already under way.
    if (doors.length === 0) {
      for (let round = 0; round < 2; round++) {
        await app.outbox.tick().catch((error: unknown) => log.warn({ err: error }, "could not deliver the last messages before exit"));
      }
      exitAfter("end of input");
    }
  }
}

main().catch((error) => {
  process.stderr.write(`threadline: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
