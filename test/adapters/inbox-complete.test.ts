import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/prisma/client.js";
import { prismaInbox } from "../../src/adapters/prisma/inbox.prisma-repo.js";
import { atomic } from "../../src/adapters/prisma/tx.js";
import type { Inbox } from "../../src/bots/inbox/inbox.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

const WORKSPACE = "00000000-0000-0000-0000-0000000000d1";
const NOW = DateTime.fromISO("2026-11-29T10:00:00Z");
const claim = { holder: "test", until: NOW.plus({ minutes: 1 }) };

describe(`completing an inbox entry (${engineUnderTest})`, () => {
  let db: Database;
  let inbox: Inbox;
  beforeAll(async () => {
    db = await testDatabase();
    inbox = prismaInbox(db);
    await db.sql.exec(`INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('${WORKSPACE}', 'Studio', 'UTC', 'en', 'USD')`);
  });
  afterAll(() => db?.close());

  /** A write the test can count: a workspace named after the delivery. */
  const write = (name: string) => atomic(db.prisma, (tx) => tx.workspace.create({ data: { name, timezone: "UTC", locale: "en", currency: "USD" } }));
  const written = (name: string) => db.prisma.workspace.count({ where: { name } });

  it("does work that only reads once per key, and answers a repeat with the first reply", async () => {
    await inbox.receive("test:read-1", { text: "list" }, NOW, claim);
    let runs = 0;
    const work = async () => ({ text: `reply ${++runs}` });
    expect(await inbox.complete("test:read-1", WORKSPACE, NOW, work, undefined, { reads: true })).toEqual({ value: { text: "reply 1" }, duplicate: false });
    expect(await inbox.complete("test:read-1", WORKSPACE, NOW, work, undefined, { reads: true })).toEqual({ value: { text: "reply 1" }, duplicate: true });
    // The repeat ran its reads again (nothing tells it the key is done before it finishes), but is not kept.
    expect(runs).toBe(2);
    expect(await inbox.read("test:read-1")).toMatchObject({ state: "done", reply: { text: "reply 1" }, workspaceId: WORKSPACE });
  });

  it("refuses a write inside work declared as only reading, and leaves the entry pending", async () => {
    await inbox.receive("test:read-2", { text: "list" }, NOW, claim);
    await expect(inbox.complete("test:read-2", WORKSPACE, NOW, () => write("read-2"), undefined, { reads: true })).rejects.toThrow(/only reading/);
    expect(await written("read-2")).toBe(0);
    expect(await inbox.read("test:read-2")).toMatchObject({ state: "pending", reply: null });
  });

  it("keeps one of two workers completing the same key at once: one write, one reply, the other a repeat", async () => {
    await inbox.receive("test:write-1", { text: "add" }, NOW, claim);
    const results = await Promise.all(
      ["first", "second"].map((who) => inbox.complete("test:write-1", WORKSPACE, NOW, async () => (await write("write-1"), { text: who }))),
    );
    expect(results.filter((result) => result.duplicate)).toHaveLength(1);
    const kept = results.find((result) => !result.duplicate)!.value;
    expect(results.map((result) => result.value)).toEqual([kept, kept]);
    expect(await written("write-1")).toBe(1);
    expect(await inbox.read("test:write-1")).toMatchObject({ state: "done", reply: kept });
  });

  it("rolls back the work of a key done before, whose completion commits in its own round trip, and gives the first reply", async () => {
    await inbox.receive("test:write-2", { text: "add" }, NOW, claim);
    const first = await inbox.complete("test:write-2", WORKSPACE, NOW, async () => (await write("write-2"), { text: "first" }));
    const again = await inbox.complete("test:write-2", WORKSPACE, NOW, async () => (await write("write-2 again"), { text: "again" }));
    expect(first).toEqual({ value: { text: "first" }, duplicate: false });
    expect(again).toEqual({ value: { text: "first" }, duplicate: true });
    expect(await written("write-2")).toBe(1);
    expect(await written("write-2 again")).toBe(0);
    // The connections serve the next work as before.
    await inbox.receive("test:write-3", { text: "add" }, NOW, claim);
    expect(await inbox.complete("test:write-3", WORKSPACE, NOW, async () => (await write("write-3"), { text: "third" }))).toMatchObject({ duplicate: false });
    expect(await written("write-3")).toBe(1);
  });

  it("records and completes a key that was never received (a door calling the dispatcher directly)", async () => {
    expect(await inbox.complete("test:direct-1", WORKSPACE, NOW, async () => ({ text: "ok" }))).toEqual({ value: { text: "ok" }, duplicate: false });
    expect(await inbox.read("test:direct-1")).toMatchObject({ state: "done", workspaceId: WORKSPACE });
  });
});
