import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { App } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { jumpTo, outboxRows, pingComposer } from "../../support/outbox.js";

const T0 = "2026-11-25T09:00:00Z";
const DAYS = 30;

describe(`retention: the outbox leader prunes old records (${engineUnderTest})`, () => {
  let app: App;
  let build: ReturnType<typeof outboxRows>;
  const clock = fixedClock(T0);
  const ago = (days: number) => clock.now().minus({ days }).toJSDate();

  beforeAll(async () => {
    app = await testApp();
    build = outboxRows(app.database);
  });
  afterAll(async () => {
    await app?.close();
  });

  function outbox(instanceId: string, everyMs = 60 * 60_000) {
    return createOutboxDispatcher({
      db: app.database,
      messengers: {},
      dispatcher: app.dispatcher,
      composers: [pingComposer()],
      clock,
      log: app.log,
      instanceId,
      options: { retentionDays: DAYS, retentionEveryMs: everyMs },
      waitUntil: jumpTo(clock),
    });
  }

  /** An outbox row in `state`, made and due `days` ago (and sent then, when sent). */
  async function outboxRow(workspaceId: string, state: "pending" | "sending" | "sent" | "uncertain" | "failed" | "cancelled", days: number, label: string) {
    await app.database.prisma.outboxMessage.create({
      data: {
        workspaceId,
        kind: "test.ping",
        chatId: "1",
        platform: "telegram",
        state,
        dueAt: ago(days),
        createdAt: ago(days),
        sentAt: state === "sent" ? ago(days) : null,
        payload: { label },
      },
    });
  }
  const labels = async () =>
    (await app.database.prisma.outboxMessage.findMany({ select: { payload: true } })).map((row) => (row.payload as { label: string }).label).sort();
  const deliveryKeys = async () => (await app.database.prisma.inboundDelivery.findMany({ select: { key: true } })).map((row) => row.key).sort();

  it(`deletes delivery-log entries and finished outbox rows older than ${DAYS} days, keeps younger ones and unfinished ones`, async () => {
    const { id: workspaceId } = await build.workspace();
    for (const [key, days] of [["old-1", DAYS + 1], ["old-2", 400], ["young-1", DAYS - 1], ["young-2", 0]] as const) {
      await app.database.prisma.inboundDelivery.create({ data: { key, workspaceId, state: "answered", receivedAt: ago(days) } });
    }
    // An inbox entry still to do, however old: never pruned.
    await app.database.prisma.inboundDelivery.create({ data: { key: "old-pending", receivedAt: ago(400) } });
    for (const state of ["sent", "cancelled", "failed"] as const) {
      await outboxRow(workspaceId, state, DAYS + 1, `old ${state}`);
      await outboxRow(workspaceId, state, DAYS - 1, `young ${state}`);
    }
    // Still to do, however old: never pruned.
    for (const state of ["pending", "sending", "uncertain"] as const) await outboxRow(workspaceId, state, 400, `old ${state}`);
    // Due long ago but sent yesterday (the bot was down): its last activity is young, so it stays.
    await app.database.prisma.outboxMessage.create({
      data: { workspaceId, kind: "test.ping", state: "sent", dueAt: ago(90), createdAt: ago(90), sentAt: ago(1), payload: { label: "sent late" } },
    });

    const result = await outbox("retention-leader").tick();

    expect(result.leader).toBe(true);
    expect(await deliveryKeys()).toEqual(["old-pending", "young-1", "young-2"]);
    expect(await labels()).toEqual(
      ["old pending", "old sending", "old uncertain", "sent late", "young cancelled", "young failed", "young sent"].sort(),
    );
  });

  it("prunes again only after its interval, on the injected clock, and only on the leader", async () => {
    const { id: workspaceId } = await build.workspace();
    await app.database.sql.exec(`DELETE FROM "DispatcherLease"`);
    const leader = outbox("retention-again", 60 * 60_000);
    expect((await leader.tick()).leader).toBe(true);
    await app.database.prisma.inboundDelivery.create({ data: { key: "came-later", workspaceId, state: "answered", receivedAt: ago(DAYS + 1) } });

    // A second instance does not lead while the leader's lease runs, so it prunes nothing.
    expect((await outbox("retention-follower").tick()).leader).toBe(false);
    expect(await deliveryKeys()).toContain("came-later");

    // The leader within its hour: nothing; after the hour: the old row goes.
    clock.advance({ minutes: 59 });
    await leader.tick();
    expect(await deliveryKeys()).toContain("came-later");
    clock.advance({ minutes: 2 });
    await leader.tick();
    expect(await deliveryKeys()).not.toContain("came-later");
  });

  it("reads the limit from CRM_RETENTION_DAYS, 30 by default, and refuses a bad value with one line", () => {
    expect(loadConfig({}).CRM_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ CRM_RETENTION_DAYS: "7" }).CRM_RETENTION_DAYS).toBe(7);
    expect(() => loadConfig({ CRM_RETENTION_DAYS: "0" })).toThrow(/CRM_RETENTION_DAYS="0": expected a whole number of days/);
    expect(() => loadConfig({ CRM_RETENTION_DAYS: "soon" })).toThrow(/CRM_RETENTION_DAYS="soon"/);
  });
});

