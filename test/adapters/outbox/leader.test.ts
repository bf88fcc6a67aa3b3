import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createOutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { OutboxDispatcherOptions } from "../../../src/adapters/outbox/dispatch-options.js";
import { createLeaderLease } from "../../../src/adapters/outbox/lease.js";
import { outboxQueue } from "../../../src/adapters/outbox/queue.js";
import { openDatabase, type Database } from "../../../src/adapters/prisma/client.js";
import type { App } from "../../../src/app.js";
import { adminAlertComposer } from "../../../src/bots/reminders/admin-alert.composer.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { jumpTo, outboxRows, pingComposer } from "../../support/outbox.js";
import { recordingMessenger, type RecordingMessenger } from "../../support/recording-messenger.js";

/**
 * Several instances on one database. On PostgreSQL each "instance" has its own connection pool, as separate
 * processes would; PGlite is one connection in one process, where the same rules must still hold.
 */
describe(`outbox leadership and claims across instances (${engineUnderTest})`, () => {
  let app: App;
  let other: Database;
  let build: ReturnType<typeof outboxRows>;
  let clock: ReturnType<typeof fixedClock>;
  let telegram: RecordingMessenger;
  let workspaceId: string;

  beforeAll(async () => {
    app = await testApp();
    other = engineUnderTest === "postgres" ? await openDatabase(app.config.DATABASE_URL) : app.database;
    build = outboxRows(app.database);
  });
  afterAll(async () => {
    if (other && other !== app.database) await other.close();
    await app?.close();
  });
  beforeEach(async () => {
    await build.clear();
    clock = fixedClock("2026-11-25T09:00:00Z");
    telegram = recordingMessenger("telegram", clock);
    workspaceId = (await build.workspace()).id;
    await build.member(workspaceId, "Owner", { role: "owner" });
  });

  function instance(name: string, db: Database, options: Partial<OutboxDispatcherOptions> = {}) {
    return createOutboxDispatcher({
      db,
      messengers: { telegram: telegram.messenger },
      dispatcher: app.dispatcher,
      composers: [pingComposer(), adminAlertComposer],
      clock,
      log: app.log,
      instanceId: name,
      options: { leaderLeaseMs: 15_000, ...options },
      waitUntil: jumpTo(clock),
    });
  }

  async function enqueueToChats(count: number) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(await build.enqueue(workspaceId, { address: { platform: "telegram", chatId: String(5000 + i) }, dueAt: clock.now() }));
    }
    return ids;
  }

  it("lets only one of two instances lead at a time", async () => {
    const a = instance("a", app.database);
    const b = instance("b", other);

    const rounds = [];
    for (let i = 0; i < 5; i++) {
      rounds.push(await Promise.all([a.tick(), b.tick()]));
      clock.advance({ seconds: 5 });
    }

    for (const [ra, rb] of rounds) expect([ra.leader, rb.leader]).toEqual([true, false]);
    const lease = await createLeaderLease(app.database.sql, { name: "outbox", holder: "x", ttlMs: 1, clock }).current();
    expect(lease?.holder).toBe("a");
  });

  it("lets exactly one of two fresh instances lead when both ask at the same moment", async () => {
    // On PostgreSQL the loser's statement cannot see the winner's just-inserted heartbeat; a missing
    // heartbeat must not read as a dead holder (it once let both lead, and CI caught them sending twice as much).
    for (let round = 0; round < 30; round++) {
      await app.database.sql.exec(`DELETE FROM "DispatcherLease"; DELETE FROM "OutboxInstance"`);
      const lease = (holder: string, db: Database) =>
        createLeaderLease(db.sql, { name: "outbox", holder, ttlMs: 15_000, clock, missedHeartbeatMs: 10_000 });
      const held = await Promise.all([lease("a", app.database).acquire(), lease("b", other).acquire()]);
      expect(held.filter(Boolean)).toHaveLength(1);
    }
  });

  it("hands the lead to another instance once the leader has missed its heartbeat (10 s), before the lease runs out", async () => {
    const a = instance("a", app.database);
    const b = instance("b", other);
    expect((await a.tick()).leader).toBe(true);

    // a goes quiet (a crash, a hung process); b keeps asking.
    clock.advance({ milliseconds: 9_999 });
    expect((await b.tick()).leader).toBe(false);
    clock.advance({ milliseconds: 1 });
    expect((await b.tick()).leader).toBe(true);
    expect((await a.tick()).leader).toBe(false);
  });

  it("hands the lead over at the end of the lease time when heartbeats are allowed to lag longer", async () => {
    const a = instance("a", app.database, { heartbeatMissedMs: 60_000 });
    const b = instance("b", other, { heartbeatMissedMs: 60_000 });
    expect((await a.tick()).leader).toBe(true);

    clock.advance({ milliseconds: 14_999 });
    expect((await b.tick()).leader).toBe(false);
    clock.advance({ milliseconds: 1 });
    expect((await b.tick()).leader).toBe(true);
    expect((await a.tick()).leader).toBe(false);
  });

  it("gives the lead up at once when the leader stops cleanly", async () => {
    const a = instance("a", app.database);
    const b = instance("b", other);
    expect((await a.tick()).leader).toBe(true);

    await a.stop();

    expect((await b.tick()).leader).toBe(true);
  });

  it("never hands one row to two claimers racing for the same rows", async () => {
    const ids = await enqueueToChats(300);
    const claimers = [outboxQueue(app.database.sql, "a"), outboxQueue(other.sql, "b")];
    const claimed: string[][] = [[], []];
    // With deadBefore, as the dispatcher claims: a claimer's fresh heartbeat must count even when unseen.
    const args = () => ({
      now: clock.now(),
      leaseUntil: clock.now().plus({ minutes: 1 }),
      limit: 7,
      lateBefore: clock.now(),
      deadBefore: clock.now().minus({ seconds: 10 }),
    });

    await Promise.all(
      claimers.map(async (queue, index) => {
        for (;;) {
          const rows = await queue.claim(args());
          if (rows.length === 0) return;
          claimed[index]!.push(...rows.map((row) => row.id));
        }
      }),
    );

    const all = [...claimed[0]!, ...claimed[1]!];
    expect(all).toHaveLength(300);
    expect(new Set(all)).toEqual(new Set(ids));
    const owners = await app.database.prisma.outboxMessage.groupBy({ by: ["claimedBy"], _count: true });
    expect(owners.reduce((sum, owner) => sum + owner._count, 0)).toBe(300);
  });

  it("sends every row exactly once while two instances tick side by side and the lead changes hands", async () => {
    const ids = await enqueueToChats(240);
    const a = instance("a", app.database, { batchSize: 40 });
    const b = instance("b", other, { batchSize: 40 });

    for (let round = 0; round < 3; round++) await Promise.all([a.tick(), b.tick()]);
    expect(telegram.sends.length).toBeGreaterThan(0);
    expect(telegram.sends.length).toBeLessThan(240);
    // a stops renewing; once its lease is out, b leads and drains the rest.
    clock.advance({ seconds: 16 });
    for (let round = 0; round < 10; round++) await b.tick();

    const perRow = new Map<string, number>();
    for (const send of telegram.sends) perRow.set(send.outboxId!, (perRow.get(send.outboxId!) ?? 0) + 1);
    expect([...perRow.keys()].sort()).toEqual([...ids].sort());
    expect([...perRow.values()].every((count) => count === 1)).toBe(true);
    expect(await build.rows({ state: "sent" })).toHaveLength(240);
  });

  it("runs rounds on its own once started and drains what falls due, whichever instance leads", async () => {
    const ids = await enqueueToChats(60);
    const fast = { pollIntervalMs: 5, leaderLeaseMs: 200, batchSize: 20 };
    const a = instance("a", app.database, fast);
    const b = instance("b", other, fast);

    a.start();
    b.start();
    try {
      await vi.waitFor(async () => expect(await build.rows({ state: "sent" })).toHaveLength(60), { timeout: 20_000, interval: 50 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    expect(telegram.sends.map((send) => send.outboxId).sort()).toEqual([...ids].sort());
  });
});
