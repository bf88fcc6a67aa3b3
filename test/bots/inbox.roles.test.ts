import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/prisma/client.js";
import { prismaInbox } from "../../src/adapters/prisma/inbox.prisma-repo.js";
import { buildApp, type App } from "../../src/app.js";
import type { Door, HttpRoute } from "../../src/bots/door.js";
import { serveRoutes } from "../../src/bots/http-server.js";
import { createInboxWorker, type InboxWorker } from "../../src/bots/inbox/inbox.worker.js";
import { createTelegramDoor } from "../../src/bots/telegram/telegram.door.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../emulators/telegram-emulator.js";
import { engineUnderTest, testDatabase } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { unpacedOutbox } from "../support/inbox.js";
import { WEBHOOK_SECRET } from "./telegram/telegram.support.js";

describe("INBOX_ROLE", () => {
  it("takes both, intake or work, and splits the roles only on a PostgreSQL server", () => {
    expect(loadConfig({}).INBOX_ROLE).toBe("both");
    expect(loadConfig({ DATABASE_URL: "postgres://127.0.0.1/crm", INBOX_ROLE: "intake" }).INBOX_ROLE).toBe("intake");
    expect(() => loadConfig({ INBOX_ROLE: "work" })).toThrow(
      /^Invalid INBOX_ROLE="work": intake and work instances share a PostgreSQL server: set DATABASE_URL=postgres:\/\/host\/db, or INBOX_ROLE=both\.$/,
    );
    expect(() => loadConfig({ DATABASE_URL: "postgres://127.0.0.1/crm", INBOX_ROLE: "worker" })).toThrow(/^Invalid INBOX_ROLE="worker": expected both, intake or work\.$/);
  });
});

/**
 * An intake instance (records and acknowledges Telegram's webhook deliveries, works nothing) and a work
 * instance (receives nothing, works what the intake recorded), as main.ts starts them with INBOX_ROLE, on
 * one database. On PostgreSQL each has its own connections; PGlite (which refuses the roles in config, one
 * process owning its directory) shares its one connection, so the same logic runs on both engines.
 */
describe(`an intake instance and a work instance (${engineUnderTest})`, () => {
  let tg: TelegramEmulator;
  let first: Database & { url: string };
  let intake: App;
  let work: App;
  let server: Server;
  let intakeDoor: Door;
  const clock = fixedClock("2026-11-30T09:00:00Z");

  async function instance(role: Config["INBOX_ROLE"], database: Database, url: string) {
    const config: Config = { ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" }), INBOX_ROLE: role };
    // Only arrivals can wake the work instance in time: its scan for unclaimed entries runs once a minute.
    const app = await buildApp(config, {
      database,
      clock,
      log: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
      inbox: { scanIntervalMs: 60_000, maxDepth: 2 },
      outbox: unpacedOutbox,
    });
    return app;
  }

  function door(app: App, url?: string) {
    return createTelegramDoor({
      config: { ...app.config, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: url ? WEBHOOK_SECRET : undefined },
      dispatcher: app.dispatcher,
      members: app.members,
      chats: app.chats,
      registry: app.registry,
      inbox: app.inbox,
      clock: app.clock,
      log: app.log,
    })!;
  }

  beforeAll(async () => {
    tg = await startTelegramEmulator({ limits: false, webhookRetryMs: 20 });
    first = await testDatabase();
    // The second instance's own connections on a server; on PGlite the one connection, closed once (by `first`).
    const second = first.engine === "postgres" ? await openDatabase(first.url) : { ...first, close: async () => {} };
    intake = await instance("intake", { ...first, close: async () => {} }, first.url);
    work = await instance("work", second, first.url);
    // The intake: a webhook route, started, no outbox (main.ts).
    let route: HttpRoute | undefined;
    server = await serveRoutes(0, [{ path: "/telegram/webhook", handler: (req, res) => route!.handler(req, res) }], "127.0.0.1");
    intakeDoor = door(intake, `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`);
    route = intakeDoor.routes[0];
    await intakeDoor.start();
    await intake.inbox.start();
    // The work instance: its door answers only (never started), its outbox sends.
    work.messengers.telegram = door(work).messenger;
    await work.inbox.start();
    work.outbox.start();
  });

  afterAll(async () => {
    await intakeDoor?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await work?.close();
    await intake?.close();
    await first?.close();
    await tg?.close();
  });

  const replies = (chat: TgChat) => tg.botMessages(chat);

  it("acknowledges at the intake and works each chat's commands in order at the work instance, as they arrive", async () => {
    const people: Array<{ user: TgUser; chat: TgChat }> = ["Sara", "Davit"].map((name) => {
      const user = tg.user({ first_name: name });
      return { user, chat: tg.privateChat(user) };
    });
    // Eight commands in each chat, sent at once: more than the work instance's bound of two in hand.
    for (let i = 1; i <= 8; i++) for (const { user, chat } of people) tg.userSays(chat, user, `/lead add Order ${i} 100 USD`);
    for (const { chat } of people) await expect.poll(() => replies(chat).length, { timeout: 20_000 }).toBe(8);

    // Worked in each chat's order: its workspace numbered the leads as they were sent. (The replies' order is
    // the outbox's, by due time, which the fixed clock makes one instant.)
    const leads = await first.prisma.lead.findMany({ where: { title: { startsWith: "Order " } }, orderBy: [{ workspaceId: "asc" }, { number: "asc" }] });
    expect(leads).toHaveLength(16);
    const byWorkspace = new Map<string, typeof leads>();
    for (const lead of leads) byWorkspace.set(lead.workspaceId, [...(byWorkspace.get(lead.workspaceId) ?? []), lead]);
    expect([...byWorkspace.values()].map((list) => list.map((lead) => lead.title))).toEqual(
      Array.from({ length: 2 }, () => Array.from({ length: 8 }, (_, i) => `Order ${i + 1}`)),
    );
    // Recorded by the intake unclaimed, then claimed and done by the work instance alone.
    const rows = await first.sql.query<{ state: string; claimedBy: string | null; attempts: number }>(
      `SELECT state, "claimedBy", attempts FROM "InboundDelivery" WHERE key LIKE 'telegram:%'`,
    );
    expect(rows).toHaveLength(16);
    expect(new Set(rows.map((row) => row.state))).toEqual(new Set(["answered"]));
    expect(rows.every((row) => row.attempts === 2)).toBe(true);
    expect(intake.inbox.depth()).toBe(0);
  });
});

/**
 * An intake instance acknowledges whether or not a work instance takes what it records. When none does, the
 * operator learns it from the intake's log: once a minute while entries have waited two leases unclaimed.
 */
describe(`an intake instance with no work instance (${engineUnderTest})`, () => {
  let database: Database & { url: string };
  let worker: InboxWorker;
  const clock = fixedClock("2026-11-30T09:00:00Z");
  const said: Array<{ msg: string; waiting?: unknown; seconds?: unknown }> = [];
  const log = pino({ level: "warn", base: undefined }, { write: (line: string) => void said.push(JSON.parse(line)) });
  const warnings = () => said.filter((line) => line.msg.includes("wait for a work instance"));

  beforeAll(async () => {
    database = await testDatabase();
    const inbox = prismaInbox(database);
    worker = createInboxWorker({ inbox, clock, log, holder: "intake-1", role: "intake", options: { leaseMs: 30_000, scanIntervalMs: 20 } });
    worker.register("telegram", { work: async () => {}, repeat: async () => {} });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.close();
  });

  it("says so once entries have waited a minute unclaimed, then once a minute at most, and not for one a work instance holds", async () => {
    expect(await worker.accept("telegram:1:1", { kind: "command" })).toBe("accepted");
    expect(await worker.accept("telegram:1:2", { kind: "command" })).toBe("accepted");
    // Held by a live work instance: not waiting.
    await database.sql.query(`UPDATE "InboundDelivery" SET "claimedBy" = 'work-1', "leaseUntil" = $1::timestamptz WHERE key = 'telegram:1:2'`, [
      clock.now().plus({ minutes: 10 }).toISO(),
    ]);
    clock.advance({ seconds: 59 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings()).toEqual([]);

    clock.advance({ seconds: 2 });
    await expect.poll(() => warnings().length).toBe(1);
    expect(warnings()[0]).toMatchObject({ waiting: 1, seconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings()).toHaveLength(1);

    clock.advance({ seconds: 60 });
    await expect.poll(() => warnings().length).toBe(2);
    // Taken by a work instance: nothing more to say.
    await database.sql.query(`UPDATE "InboundDelivery" SET state = 'answered' WHERE key = 'telegram:1:1'`);
    clock.advance({ seconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings()).toHaveLength(2);
  });
});
