import "dotenv/config";
import { userInfo } from "node:os";
import { buildApp, type App } from "./app.js";
import { runConsoleChat } from "./bots/console/console.chat.js";
import { ConfigError, loadConfig } from "./config.js";
import { DataDirLockedError } from "./adapters/prisma/dir-lock.js";

/** Start-up: config, migrations, then every configured door; one clean shutdown path for all of them. */
async function main() {
  let app: App;
  try {
    const config = loadConfig();
    app = await buildApp(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      process.stderr.write(`threadline: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { config, log } = app;
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | null = null;

  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      log.info({ reason }, "shutting down");
      // Doors first, so no new work arrives while in-flight work finishes; the database last.
      for (const stop of stops.reverse()) await stop().catch((error) => log.error({ err: error }, "stop failed"));
      await app.close();
    })());

  process.once("SIGINT", () => void shutdown("SIGINT").then(() => process.exit(0)));
  process.once("SIGTERM", () => void shutdown("SIGTERM").then(() => process.exit(0)));

  const platforms: string[] = [];
  const consoleOn = config.CONSOLE_CHAT === "on" || (config.CONSOLE_CHAT === "auto" && platforms.length === 0);
  log.info({ database: app.database.engine, platforms, console: consoleOn }, "threadline started");

  if (consoleOn) {
    await runConsoleChat(app.dispatcher, {
      input: process.stdin,
      output: process.stdout,
      user: config.CONSOLE_USER ?? userInfo().username,
      locale: config.CRM_DEFAULT_LOCALE,
    });
    await shutdown("end of input");
    process.exit(0);
  }
}

main().catch((error) => {
  process.stderr.write(`threadline: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
