import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { startSlackEmulator, type SlackEmulator } from "../emulators/slack-emulator.js";
import { startTelegramEmulator, type TelegramEmulator } from "../emulators/telegram-emulator.js";
import { queryOnce, withDatabase } from "../support/db.js";
import { doorsEnv, freePort, spawnMain, within, type RunningMain } from "../support/run-main.js";

/**
 * What the fault scripts share: the product started exactly as `npm start` starts it (test/support/run-main),
 * with Slack over HTTP and Telegram (long polling or webhook) pointed at the emulators in this process, on a
 * database of its own (a PGlite directory, or a database created on a PostgreSQL server), restartable on the
 * same data; and reading the database back once the product is stopped.
 */

export type Engine = "pglite" | "postgres";
export const POSTGRES_SERVER = process.env.FAULTS_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const WEBHOOK_SECRET = "faults_webhook-secret";
export const WEBHOOK_PATH = "/telegram/hook";

/** A database for one run: a fresh PGlite directory, or a database created on the PostgreSQL server. */
export async function faultDatabase(engine: Engine) {
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "threadline-faults-"));
    const dataDir = join(dir, "db");
    return {
      url: `pglite:${dataDir}`,
      /** Rows of `sql`; only while no product process holds the directory. */
      async query<Row>(sql: string): Promise<Row[]> {
        const db = new PGlite(dataDir);
        try {
          return (await db.query<Row>(sql)).rows;
        } finally {
          await db.close();
        }
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `tl_faults_${randomBytes(4).toString("hex")}`;
  await queryOnce(POSTGRES_SERVER, `CREATE DATABASE ${name}`);
  const url = withDatabase(POSTGRES_SERVER, name);
  return {
    url,
    query: <Row>(sql: string) => queryOnce<Row>(url, sql),
    async drop() {
      await queryOnce(POSTGRES_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export type FaultDatabase = Awaited<ReturnType<typeof faultDatabase>>;

/** Both emulators and one port, kept across restarts of the product so its traffic is seen whole. */
export async function faultWorld({ telegram = "polling", telegramLimits = true }: { telegram?: "polling" | "webhook"; telegramLimits?: boolean } = {}) {
  // The person the emulator's commands come from by default, with a profile (so users.info finds them).
  const slack: SlackEmulator = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
  const tg: TelegramEmulator = await startTelegramEmulator({ webhookRetryMs: 200, webhookRetryMaxMs: 1_000, ...(telegramLimits ? {} : { limits: false }) });
  const port = await freePort();
  const webhook: Record<string, string> =
    telegram === "webhook" ? { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {};
  let starts = 0;

  return {
    slack,
    tg,
    port,
    slackTarget: `http://127.0.0.1:${port}/slack/events`,
    webhookUrl: new URL(`http://127.0.0.1:${port}${WEBHOOK_PATH}`),
    /**
     * Starts `npm start`'s entry point on `databaseUrl` and resolves once both doors receive (the Telegram
     * door's last start-up call is new since this start). Rejects with its stderr if it exits first.
     */
    async start(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningMain> {
      starts += 1;
      const ready = telegram === "webhook" ? "setwebhook" : "deletewebhook";
      const before = tg.callsOf(ready).length;
      const app = spawnMain({ DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: "warn", ...doorsEnv(slack, tg), ...webhook, ...env });
      const started = tg.waitFor(ready, () => tg.callsOf(ready).length > before);
      const died = app.exited.then((exit) => Promise.reject(new Error(`the product exited ${JSON.stringify(exit)} on start ${starts}: ${app.stderr()}`)));
      await within(Promise.race([started, died]), 120_000, "the product to start");
      return app;
    },
    async close() {
      await slack.close();
      await tg.close();
    },
  };
}

export type FaultWorld = Awaited<ReturnType<typeof faultWorld>>;

/** Runs `work` on `items` with at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/** How many leads carry each title, read from the database after the product has stopped. */
export async function leadTitles(db: FaultDatabase): Promise<Map<string, number>> {
  const rows = await db.query<{ title: string; n: number | string }>(`SELECT title, count(*) AS n FROM "Lead" GROUP BY title`);
  return new Map(rows.map((row) => [row.title, Number(row.n)]));
}

/** Waits until `settled()` has been true for `quietMs` in a row (checked every 250 ms), or `limitMs` pass. */
export async function quiet(settled: () => boolean, quietMs: number, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  let since: number | null = null;
  while (Date.now() < until) {
    if (settled()) {
      since ??= Date.now();
      if (Date.now() - since >= quietMs) return true;
    } else since = null;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * `npm start` on a fresh database with both doors, for a fault test file: `beforeAll(product.open)`,
 * `afterAll(product.close)`; `app` is the running process once open.
 */
export function productUnderTest(engine: Engine, options: Parameters<typeof faultWorld>[0]) {
  const product = {
    world: undefined as unknown as FaultWorld,
    db: undefined as unknown as FaultDatabase,
    app: undefined as unknown as RunningMain,
    async open() {
      product.world = await faultWorld(options);
      product.db = await faultDatabase(engine);
      product.app = await product.world.start(product.db.url);
    },
    async close() {
      await product.app?.stop("SIGKILL");
      await product.world?.close();
      await product.db?.drop();
    },
  };
  return product;
}
