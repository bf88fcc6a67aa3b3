// `/lead add` as Telegram updates through the webhook transport, 50 at a time, on PGlite and on PostgreSQL,
// beside a bare telegraf webhook whose handler does nothing (the baseline, measured in the same run).
//   npx tsx bench/telegram-webhook.ts [--seconds 30] [--concurrency 50] [--only pglite|postgres] [--intake | --split [--work-nice N] | --drain work|both]
// By default Threadline is one instance that records, acknowledges and works (INBOX_ROLE=both). On PostgreSQL:
// `--intake`: an intake instance alone (INBOX_ROLE=intake), as when its work instances run on other machines:
//   each update is recorded and acknowledged, and nothing here works it (the entries stay pending).
// `--split`: the intake instance and a work instance (INBOX_ROLE=work), `npm start`'s entry point in a process of
//   its own with the same settings, which does the work and sends the replies on this same machine. The work's
//   rate is counted in the database, beside the acks'. `--work-nice N` runs it at CPU priority N (19 the lowest).
// `--drain work|both`: the intake instance alone for the load, then, with nothing more arriving, `npm start` as a
//   work (or a `both`) instance, which works off the backlog: its rate from start to the last entry done.
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { Telegraf } from "telegraf";
import { buildApp } from "../src/app.js";
import { serveRoutes } from "../src/bots/http-server.js";
import { createTelegramDoor } from "../src/bots/telegram/telegram.door.js";
import type { HttpRoute } from "../src/bots/door.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../test/emulators/telegram-emulator.js";
import { freePort, spawnMain } from "../test/support/run-main.js";
import { closedLoop, collectReplies, countRefusals, flag, freshPostgres, printRecorded, printTable, summarize, textFlag, type LoadResult } from "./support.js";

const SECONDS = flag("seconds", 30);
const CONCURRENCY = flag("concurrency", 50);
const PATH = "/telegram/webhook";
const SECRET = "bench_secret";
const only = textFlag("only");
const SPLIT = process.argv.includes("--split");
const DRAIN = textFlag("drain");
if (DRAIN && DRAIN !== "work" && DRAIN !== "both") throw new Error("--drain takes work or both");
const INTAKE = SPLIT || !!DRAIN || process.argv.includes("--intake");
const WORK_NICE = flag("work-nice", 0);

/** Each worker is one person in their own private chat, so chats are independent as they are in real life. */
function people(tg: TelegramEmulator): Array<{ user: TgUser; chat: TgChat }> {
  return Array.from({ length: CONCURRENCY }, (_, i) => {
    const user = tg.user({ first_name: `User${i}`, username: `user${i}` });
    return { user, chat: tg.privateChat(user) };
  });
}

/** `atEnd` runs as the load stops, before the replies are waited for. */
async function load(target: string, url: string, tg: TelegramEmulator, expectReply: boolean, atEnd?: (result: LoadResult) => Promise<void>): Promise<LoadResult> {
  const result: LoadResult = { target, sent: 0, acked: 0, failed: 0, seconds: SECONDS, ackMs: [], visibleMs: [] };
  const started = new Map<number, number>();
  const arrived = new Map<number, number>();
  let scanned = 0;
  // The emulator records every API call; stamp each reply as it lands (5 ms resolution).
  const scan = setInterval(() => {
    for (; scanned < tg.calls.length; scanned++) {
      const call = tg.calls[scanned]!;
      const n = call.method.toLowerCase() === "sendmessage" && /Bench Lead (\d+)/.exec(String(call.params.text))?.[1];
      if (n && !arrived.has(Number(n))) arrived.set(Number(n), performance.now());
    }
  }, 5);
  const who = people(tg);
  const loadStart = performance.now();
  let n = 0;
  let updateId = 1;
  let worker = 0;
  await closedLoop(CONCURRENCY, SECONDS, async function run(this: unknown) {
    const id = ++n;
    const { user, chat } = who[worker++ % who.length]!;
    const text = `/lead add Bench Lead ${id} 1500 USD`;
    const update = {
      update_id: updateId++,
      message: { message_id: id, from: user, chat, date: Math.floor(Date.now() / 1000), text, entities: [{ type: "bot_command", offset: 0, length: 5 }] },
    };
    const t0 = performance.now();
    started.set(id, t0);
    result.sent++;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update),
      });
      await res.text();
      if (res.ok) {
        result.acked++;
        result.ackMs.push(performance.now() - t0);
      } else result.failed++;
    } catch {
      result.failed++;
    }
  });
  await atEnd?.(result);
  if (expectReply) await collectReplies(result, started, arrived, loadStart);
  clearInterval(scan);
  return result;
}

async function bare(): Promise<LoadResult> {
  const tg = await startTelegramEmulator({ limits: false });
  const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
  bot.botInfo = await bot.telegram.getMe();
  bot.on("message", () => {});
  const handler = bot.webhookCallback(PATH, { secretToken: SECRET });
  const server = await serveRoutes(0, [{ path: PATH, handler: (req, res) => void handler(req, res) }], "127.0.0.1");
  try {
    return await load("bare telegraf (no-op handler)", `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`, tg, false);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await tg.close();
  }
}

/** Entries worked by the end of the load, and how long all of them took (polled until none is left pending). */
async function workDone(app: Awaited<ReturnType<typeof buildApp>>, started: number): Promise<NonNullable<LoadResult["work"]>> {
  const count = async () => {
    const [row] = await app.database.sql.query<{ done: number; pending: number }>(
      `SELECT count(*) FILTER (WHERE state <> 'pending')::int AS done, count(*) FILTER (WHERE state = 'pending')::int AS pending FROM "InboundDelivery"`,
    );
    return row!;
  };
  const atEnd = await count();
  let last = atEnd;
  let progressAt = performance.now();
  while (last.pending > 0 && performance.now() - progressAt < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await count();
    if (now.done !== last.done) progressAt = performance.now();
    last = now;
  }
  return { duringLoad: atEnd.done, total: last.done, left: last.pending, seconds: (progressAt - started) / 1000 };
}

async function threadline(engine: "pglite" | "postgres"): Promise<LoadResult> {
  const tg = await startTelegramEmulator({ limits: false });
  const pgDb = engine === "postgres" ? await freshPostgres() : null;
  const dir = engine === "pglite" ? mkdtempSync(join(tmpdir(), "tl-bench-")) : null;
  // The webhook URL needs the port, so the route is in place before the door exists.
  let route: HttpRoute | undefined;
  const server = await serveRoutes(0, [{ path: PATH, handler: (req, res) => route!.handler(req, res) }], "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
  const env = {
    DATABASE_URL: pgDb ? pgDb.url : `pglite:${join(dir!, "db")}`,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: "error",
  };
  const config = loadConfig({ ...env, ...(INTAKE ? { INBOX_ROLE: "intake" } : {}) });
  const log = createLogger("error");
  const app = await buildApp(config, { log });
  const door = createTelegramDoor({ config, dispatcher: app.dispatcher, members: app.members, registry: app.registry, inbox: app.inbox, clock: app.clock, log })!;
  route = door.routes[0];
  await door.start();
  // The work instance, migrations done by now: it works and answers what the intake records.
  const worker = SPLIT ? spawnMain({ ...env, INBOX_ROLE: "work", LOG_LEVEL: "info", CONSOLE_CHAT: "off" }) : null;
  if (worker && WORK_NICE) setPriority(worker.pid, WORK_NICE);
  await worker?.started();
  // Replies leave through the outbox, at Telegram's pace (the work instance's, when split).
  app.messengers.telegram = door.messenger;
  if (!INTAKE) app.outbox.start();
  try {
    const label = SPLIT ? "intake; work in its own process" : DRAIN ? `intake, then a ${DRAIN} instance drains` : INTAKE ? "intake instance alone" : "";
    const started = performance.now();
    // The work is counted in the database: its replies leave at Telegram's pace, far below it.
    const result = await load(`Threadline on ${engine}${label ? ` (${label})` : ""}`, url, tg, !INTAKE, async (result) => {
      await countRefusals(app.database.sql, result);
      // An intake instance alone works nothing.
      if (SPLIT || !INTAKE) result.work = await workDone(app, started);
    });
    if (DRAIN) {
      // Nothing more arrives: the backlog is the load's, and only the new instance works it.
      await door.stop();
      const drainer = spawnMain({ ...env, INBOX_ROLE: DRAIN, LOG_LEVEL: "info", CONSOLE_CHAT: "off", PORT: String(await freePort()) });
      try {
        await drainer.started();
        result.work = await workDone(app, performance.now());
      } finally {
        await drainer.stop();
      }
    }
    return result;
  } finally {
    await door.stop();
    await worker?.stop();
    await app.inbox.stop();
    await app.outbox.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await pgDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await tg.close();
  }
}

console.log(`Telegram webhook /lead add: ${CONCURRENCY} concurrent for ${SECONDS}s per target (node ${process.version})`);
const bareResult = await bare();
const results: LoadResult[] = [];
// The roles are PostgreSQL's only: an embedded database belongs to one process.
const engines = INTAKE ? (["postgres"] as const) : (["pglite", "postgres"] as const);
for (const engine of engines.filter((e) => !only || e === only)) results.push(await threadline(engine));
const baseline = summarize(bareResult);
const rows = [baseline, ...results.map(summarize)];
printTable(rows, baseline);
// The issue's measure is acks with the inbox's insert: the "busy" refusals (a full inbox) are counted apart.
printRecorded(results, baseline);
process.exit(0);
