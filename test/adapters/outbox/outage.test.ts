import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createOutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { OutboxDispatcherOptions } from "../../../src/adapters/outbox/dispatch-options.js";
import type { App } from "../../../src/app.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest, queryOnce } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { jumpTo, outboxRows, pingComposer } from "../../support/outbox.js";
import { recordingMessenger, type RecordingMessenger } from "../../support/recording-messenger.js";

/** Takes the test database away from every client (as a restart does) and gives it back. */
function databaseSwitch(serverUrl: string, databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = (sql: string) => queryOnce(serverUrl, sql);
  return {
    async down() {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    },
    up: () => admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
  };
}

// Only a server can go away and come back; PGlite lives and dies with the process.
describe.skipIf(engineUnderTest !== "postgres")(`outbox dispatcher across a database outage (${engineUnderTest})`, () => {
  let app: App;
  let build: ReturnType<typeof outboxRows>;
  let clock: ReturnType<typeof fixedClock>;
  let telegram: RecordingMessenger;
  let workspaceId: string;
  let database: ReturnType<typeof databaseSwitch>;

  beforeAll(async () => {
    app = await testApp();
    build = outboxRows(app.database);
    database = databaseSwitch(process.env.TEST_DATABASE_URL!, app.config.DATABASE_URL);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await build.clear();
    clock = fixedClock("2026-11-25T09:00:00Z");
    telegram = recordingMessenger("telegram", clock);
    workspaceId = (await build.workspace()).id;
    await build.member(workspaceId, "Owner", { role: "owner" });
  });
  afterEach(async () => {
    await database.up();
  });

  function outbox(options: Partial<OutboxDispatcherOptions> = {}) {
    return createOutboxDispatcher({
      db: app.database,
      messengers: { telegram: telegram.messenger },
      dispatcher: app.dispatcher,
      composers: [pingComposer()],
      clock,
      log: app.log,
      instanceId: "test-instance",
      // One chat at a time, so the outage falls between two known sends.
      options: { concurrency: 1, ...options },
      waitUntil: jumpTo(clock),
    });
  }

  async function fiveRowsThatLoseTheDatabaseOnTheSecondSend() {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await build.enqueue(workspaceId, { address: { platform: "telegram", chatId: String(3000 + i) }, dueAt: clock.now() }));
    let sends = 0;
    telegram.beforeSend(async () => {
      if (++sends === 2) await database.down();
    });
    return ids;
  }

  it("records a send the database missed as soon as it is back, sends the rest, and duplicates nothing", async () => {
    const ids = await fiveRowsThatLoseTheDatabaseOnTheSecondSend();
    const dispatcher = outbox();

    await expect(dispatcher.tick()).rejects.toThrow();
    expect(telegram.sends).toHaveLength(2);
    expect(dispatcher.unrecorded()).toBe(4);
    await expect(dispatcher.tick()).rejects.toThrow();

    await database.up();
    await dispatcher.tick();

    expect(dispatcher.unrecorded()).toBe(0);
    for (const id of ids) expect(telegram.sendsOf(id)).toHaveLength(1);
    const rows = await build.rows();
    expect(rows.map((row) => row.state)).toEqual(Array(5).fill("sent"));
    const second = telegram.sends[1]!;
    expect(rows.find((row) => row.id === second.outboxId)).toMatchObject({ messageId: second.ref.messageId, attempts: 1 });
    expect(dispatcher.stats().possibleDuplicates).toBe(0);
  });

  it("keeps its loop running through the outage, reconnects, and drains the backlog", async () => {
    const ids = await fiveRowsThatLoseTheDatabaseOnTheSecondSend();
    const dispatcher = outbox({ pollIntervalMs: 10, errorBackoffMs: 10, errorBackoffMaxMs: 50 });

    dispatcher.start();
    try {
      await vi.waitFor(() => expect(telegram.sends).toHaveLength(2), { timeout: 10_000 });
      // Let a few rounds fail against the missing database before it comes back.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(dispatcher.unrecorded()).toBeGreaterThan(0);
      await database.up();
      await vi.waitFor(async () => expect(await build.rows({ state: "sent" })).toHaveLength(5), { timeout: 20_000, interval: 50 });
    } finally {
      await dispatcher.stop();
    }

    for (const id of ids) expect(telegram.sendsOf(id)).toHaveLength(1);
  });
});
