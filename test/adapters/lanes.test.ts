import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/prisma/client.js";
import { atomic, rawQuery } from "../../src/adapters/prisma/tx.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

/**
 * Transactions run on lanes (pg-transactions.ts): BEGIN/COMMIT on the connection itself, a Prisma client bound
 * to it, and raw statements sent straight to it. These are the promises a transaction made when it was Prisma's
 * own: one connection for everything inside, all or nothing, Prisma's nested writes included.
 */
/**
 * The statements node-postgres sends from now until `stop()`, by their text: each is one round trip on the wire
 * (it waits for the answer before the next), with whatever a statement carries in its own messages.
 */
function countRoundTrips() {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push(typeof first === "string" ? first : (first.text ?? "?"));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return { sent, stop: () => (pg.Client.prototype.query = query) };
}

describe(`transactions on lanes (${engineUnderTest})`, () => {
  let db: Database & { url: string };
  const workspaceNamed = (name: string) => db.prisma.workspace.count({ where: { name } });
  const newWorkspace = (name: string) => ({ name, timezone: "UTC", locale: "en", currency: "USD" });

  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("runs Prisma's queries and raw statements on one connection: each sees the other's uncommitted rows", async () => {
    await atomic(db.prisma, async (tx) => {
      await rawQuery(tx, `INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES (gen_random_uuid(), $1, 'UTC', 'en', 'USD')`, ["lane raw"]);
      expect(await tx.workspace.count({ where: { name: "lane raw" } })).toBe(1);
      await tx.workspace.create({ data: newWorkspace("lane prisma") });
      expect(await rawQuery(tx, `SELECT name FROM "Workspace" WHERE name = $1`, ["lane prisma"])).toEqual([{ name: "lane prisma" }]);
    });
    expect(await workspaceNamed("lane raw")).toBe(1);
    expect(await workspaceNamed("lane prisma")).toBe(1);
  });

  it("rolls back everything, raw and Prisma, when the work fails", async () => {
    await expect(
      atomic(db.prisma, async (tx) => {
        await rawQuery(tx, `INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES (gen_random_uuid(), $1, 'UTC', 'en', 'USD')`, ["lane gone"]);
        await tx.workspace.create({ data: newWorkspace("lane gone") });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await workspaceNamed("lane gone")).toBe(0);
  });

  it("keeps a nested Prisma write all or nothing inside the transaction, and the transaction usable after it failed", async () => {
    await atomic(db.prisma, async (tx) => {
      await tx.workspace.create({ data: newWorkspace("lane outer") });
      // A workspace with two members of one handle: Prisma writes it in several statements, in a transaction of
      // its own (here a savepoint), and the second member breaks the unique handle.
      const person = await tx.person.create({ data: {} });
      await expect(
        tx.workspace.create({
          data: {
            ...newWorkspace("lane nested"),
            members: { create: [{ personId: person.id, displayName: "A", handle: "same" }, { personId: (await tx.person.create({ data: {} })).id, displayName: "B", handle: "same" }] },
          },
        }),
      ).rejects.toThrow(/Unique constraint failed|duplicate key value violates unique constraint/);
      await tx.workspace.create({ data: newWorkspace("lane after") });
    });
    expect(await workspaceNamed("lane outer")).toBe(1);
    expect(await workspaceNamed("lane nested")).toBe(0);
    expect(await workspaceNamed("lane after")).toBe(1);
  });

  it("joins the transaction in progress instead of starting a second one", async () => {
    await expect(
      atomic(db.prisma, async () => {
        await atomic(db.prisma, async (inner) => {
          await inner.workspace.create({ data: newWorkspace("lane joined") });
        });
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect(await workspaceNamed("lane joined")).toBe(0);
  });

  it.skipIf(engineUnderTest !== "postgres")("ends a transaction that outlives its time limit, commits none of it, and goes on", async () => {
    const short = await openDatabase(db.url, { timeouts: { transactionMs: 300 } });
    try {
      await expect(
        atomic(short.prisma, async (tx) => {
          await tx.workspace.create({ data: newWorkspace("lane slow") });
          await new Promise((resolve) => setTimeout(resolve, 600));
          await tx.workspace.count();
        }),
      ).rejects.toThrow(/took longer than 300 ms/);
      expect(await workspaceNamed("lane slow")).toBe(0);
      await atomic(short.prisma, (tx) => tx.workspace.create({ data: newWorkspace("lane quick") }));
      expect(await workspaceNamed("lane quick")).toBe(1);
    } finally {
      await short.close();
    }
  });

  it.skipIf(engineUnderTest !== "postgres")("opens a transaction with its first statement, in one round trip, and sends nothing for one that wrote nothing", async () => {
    const { sent, stop } = countRoundTrips();
    try {
      await atomic(db.prisma, async (tx) => {
        await rawQuery(tx, `INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES (gen_random_uuid(), $1, 'UTC', 'en', 'USD')`, ["lane one trip"]);
        await tx.workspace.create({ data: newWorkspace("lane two trips") });
      });
      expect(sent.map((text) => text.split(" ")[0])).toEqual(["INSERT", "INSERT", "COMMIT"]);
      sent.length = 0;
      await atomic(db.prisma, async () => {});
      expect(sent).toEqual([]);
      // A first statement that fails leaves the transaction open and failed: it is rolled back, and the
      // connection serves the next transaction.
      await expect(atomic(db.prisma, (tx) => rawQuery(tx, `SELECT 1 / $1::int`, [0]))).rejects.toThrow(/division by zero/);
      expect(sent.at(-1)).toBe("ROLLBACK");
    } finally {
      stop();
    }
    expect(await workspaceNamed("lane one trip")).toBe(1);
    expect(await workspaceNamed("lane two trips")).toBe(1);
    for (let i = 0; i < 12; i++) await atomic(db.prisma, (tx) => tx.workspace.create({ data: newWorkspace(`lane after ${i}`) }));
    expect(await db.prisma.workspace.count({ where: { name: { startsWith: "lane after " } } })).toBe(12);
  });

  it.skipIf(engineUnderTest !== "postgres")("commits with a last statement that asks to, in its round trip, and refuses a statement after it", async () => {
    const { sent, stop } = countRoundTrips();
    const insert = `INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES (gen_random_uuid(), $1, 'UTC', 'en', 'USD')`;
    try {
      await atomic(db.prisma, async (tx) => {
        await rawQuery(tx, insert, ["lane first of two"]);
        await rawQuery(tx, insert, ["lane last of two"], { commit: true });
      });
      expect(sent.map((text) => text.split(" ")[0])).toEqual(["INSERT", "INSERT"]);
      // One statement that both opens and commits its transaction.
      await atomic(db.prisma, (tx) => rawQuery(tx, insert, ["lane alone"], { commit: true }));
      expect(sent).toHaveLength(3);
      await expect(
        atomic(db.prisma, async (tx) => {
          await rawQuery(tx, insert, ["lane committed early"], { commit: true });
          await rawQuery(tx, insert, ["lane too late"]);
        }),
      ).rejects.toThrow("a statement after its transaction committed");
      // A last statement that fails commits nothing: the server skips the COMMIT, and the transaction is rolled back.
      await expect(
        atomic(db.prisma, async (tx) => {
          await rawQuery(tx, insert, ["lane never kept"]);
          await rawQuery(tx, `SELECT 1 / $1::int`, [0], { commit: true });
        }),
      ).rejects.toThrow(/division by zero/);
      expect(sent.at(-1)).toBe("ROLLBACK");
    } finally {
      stop();
    }
    const count = (name: string) => workspaceNamed(name);
    expect([await count("lane first of two"), await count("lane last of two"), await count("lane alone")]).toEqual([1, 1, 1]);
    expect([await count("lane committed early"), await count("lane too late"), await count("lane never kept")]).toEqual([1, 0, 0]);
    await atomic(db.prisma, (tx) => tx.workspace.create({ data: newWorkspace("lane after commits") }));
    expect(await count("lane after commits")).toBe(1);
  });
});
