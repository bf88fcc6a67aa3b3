import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/prisma/client.js";
import { buildApp, type App } from "../../src/app.js";
import type { Door } from "../../src/bots/door.js";
import { serveRoutes } from "../../src/bots/http-server.js";
import { createSlackDoor, type SlackDoorDeps } from "../../src/bots/slack/slack.door.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { startSlackEmulator, type SlackEmulator } from "../emulators/slack-emulator.js";
import { testApp } from "../support/app.js";
import { engineUnderTest, testDatabase } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

const anna = { id: "U0ANNA", name: "anna" };
const visible = (body: { text?: string; blocks?: unknown[] }) => `${JSON.stringify(body.blocks ?? [])}\n${body.text ?? ""}`;

/**
 * One database that outlives an app instance: a PGlite directory (reopened by the next "process") or, with
 * TEST_DATABASE_URL, a PostgreSQL database that several instances share at once.
 */
async function durableDatabase() {
  if (process.env.TEST_DATABASE_URL) {
    const first = await testDatabase();
    return { url: first.url, first: first as Database, shared: true, drop: () => first.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), "tl-inbox-"));
  const url = `pglite:${join(dir, "db")}`;
  return { url, first: await openDatabase(url), shared: false, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

describe(`the inbox keeps what was acknowledged (${engineUnderTest})`, () => {
  let emulator: SlackEmulator;
  let storage: Awaited<ReturnType<typeof durableDatabase>>;
  const running: Array<{ app: App; door: Door; server: Server; target: string }> = [];

  /** An instance of the app with its Slack door on a free port; `dispatcher` replaces the real one (a stall). */
  async function instance(
    database: Database,
    { dispatcher, clock }: { dispatcher?: (app: App) => SlackDoorDeps["dispatcher"]; clock: ReturnType<typeof fixedClock> },
  ) {
    const config = loadConfig({
      DATABASE_URL: storage.url,
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: emulator.signingSecret,
      SLACK_API_URL: emulator.apiUrl,
    });
    const app = await buildApp(config, {
      database,
      clock,
      log: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
      inbox: { scanIntervalMs: 50, leaseMs: 30_000 },
    });
    const door = createSlackDoor({
      config,
      dispatcher: dispatcher?.(app) ?? app.dispatcher,
      members: app.members,
      workspaces: app.workspaces,
      inbox: app.inbox,
      clock,
      log: app.log,
    })!;
    const server = await serveRoutes(0, door.routes, "127.0.0.1");
    await door.start();
    await app.inbox.start();
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const it = { app, door, server, target };
    running.push(it);
    return it;
  }

  /** A process that dies: its HTTP server gone, its claims left as they were, nothing finished or given back. */
  async function die(it: (typeof running)[number]) {
    it.server.closeAllConnections();
    await new Promise((resolve) => it.server.close(resolve));
    // The embedded directory is released as a dead process's would be; a server database stays open to others.
    if (!storage.shared) await it.app.database.close();
    running.splice(running.indexOf(it), 1);
  }

  const stalled = (app: App): SlackDoorDeps["dispatcher"] => ({
    ...app.dispatcher,
    handle: () => new Promise<never>(() => {}),
    press: () => new Promise<never>(() => {}),
    resolve: () => new Promise<never>(() => {}),
  });

  const leads = (app: App, title: string) => app.database.prisma.lead.count({ where: { title } });

  beforeAll(async () => {
    emulator = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
    storage = await durableDatabase();
  });
  afterAll(async () => {
    for (const it of running) {
      await it.door.stop();
      it.server.closeAllConnections();
      await new Promise((resolve) => it.server.close(resolve));
      await it.app.close();
    }
    await storage.drop();
    await emulator.close();
  });

  it("does a command acknowledged just before the process died exactly once after the restart, and answers it", async () => {
    // Each instance has its own clock: the dead one's stands still, so it never renews its claims past 09:00:30.
    const first = await instance(storage.first, { dispatcher: stalled, clock: fixedClock("2026-11-25T09:00:00Z") });
    const payload = emulator.commandPayload({ command: "/lead", text: "add Survivor Ltd 900 EUR", user: anna });
    const sent = await emulator.sendCommandPayload(first.target, payload);
    expect([sent.status, sent.body]).toEqual([200, ""]);
    await die(first);

    // The next instance: on the embedded engine it starts on the same directory and resumes at once; on
    // PostgreSQL a live instance takes the dead one's entries over once their claim has run out.
    const clock = fixedClock("2026-11-25T09:00:01Z");
    const next = await instance(await openDatabase(storage.url), { clock });
    if (storage.shared) clock.advance({ seconds: 30 });
    const answer = await emulator.nextResponse(sent.seq, sent.responseUrl);
    expect(answer.body.response_type).toBe("in_channel");
    expect(visible(answer.body)).toContain("Lead #1 created");
    expect(await leads(next.app, "Survivor Ltd")).toBe(1);
    await next.app.inbox.idle();

    // A retry of the same delivery, after all that, is answered with the first reply and not done again.
    const retry = await emulator.sendCommandPayload(next.target, payload, { retryNum: 1, retryReason: "http_timeout" });
    expect(retry.status).toBe(200);
    const again = await emulator.nextResponse(retry.seq, sent.responseUrl);
    expect(visible(again.body)).toContain("Lead #1 created");
    expect(await leads(next.app, "Survivor Ltd")).toBe(1);
    await next.app.inbox.idle();
    await new Promise((resolve) => setTimeout(resolve, 150)); // the answered marks are written in batches
    const row = await next.app.database.prisma.inboundDelivery.findUnique({ where: { key: `slack:${emulator.team.id}:${payload.trigger_id}` } });
    expect(row).toMatchObject({ state: "answered" });
  });

});

describe(`the inbox's bound (${engineUnderTest})`, () => {
  let app: App;
  let emulator: SlackEmulator;
  let server: Server;
  let door: Door;
  let target: string;
  let release: () => void;

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), inbox: { maxDepth: 2 } });
    emulator = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
    // The work waits until the test lets it go, so the inbox fills up.
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held: SlackDoorDeps["dispatcher"] = {
      ...app.dispatcher,
      handle: async (...args) => (await gate, app.dispatcher.handle(...args)),
      press: async (...args) => (await gate, app.dispatcher.press(...args)),
      resolve: async (...args) => (await gate, app.dispatcher.resolve(...args)),
      contextFor: app.dispatcher.contextFor,
    };
    door = createSlackDoor({
      config: {
        SLACK_BOT_TOKEN: emulator.botToken,
        SLACK_SIGNING_SECRET: emulator.signingSecret,
        SLACK_API_URL: emulator.apiUrl,
        SLACK_APP_TOKEN: undefined,
        CRM_DEFAULT_LOCALE: "en",
      },
      dispatcher: held,
      members: app.members,
      workspaces: app.workspaces,
      inbox: app.inbox,
      clock: app.clock,
      log: app.log,
    })!;
    server = await serveRoutes(0, door.routes, "127.0.0.1");
    await door.start();
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    release?.();
    await door?.stop();
    await app?.inbox.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await emulator?.close();
    await app?.close();
  });

  it("tells the caller it is busy instead of acknowledging a command it could not honour soon, and records nothing", async () => {
    const taken = [
      await emulator.sendCommand(target, { command: "/lead", text: "add First 1 USD", user: anna }),
      await emulator.sendCommand(target, { command: "/lead", text: "add Second 1 USD", user: anna }),
    ];
    expect(taken.map((sent) => [sent.status, sent.body])).toEqual([
      [200, ""],
      [200, ""],
    ]);
    const refused = await emulator.sendCommand(target, { command: "/lead", text: "add Third 1 USD", user: anna });
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.body)).toEqual({ response_type: "ephemeral", text: "I'm too busy to take this right now. Please try again in a minute." });
    expect(await app.database.prisma.inboundDelivery.count()).toBe(2);

    // Once the work moves, what was taken is answered, and there is room again.
    release();
    for (const sent of taken) expect(visible((await emulator.nextResponse(sent.seq, sent.responseUrl)).body)).toContain("created");
    await app.inbox.idle();
    const later = await emulator.sendCommand(target, { command: "/lead", text: "add Third 1 USD", user: anna });
    expect(later.body).toBe("");
    expect(visible((await emulator.nextResponse(later.seq, later.responseUrl)).body)).toContain("Third");
    expect(await app.database.prisma.lead.count()).toBe(3);
  });
});
