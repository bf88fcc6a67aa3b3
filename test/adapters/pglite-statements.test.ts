import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteStatements } from "../../src/adapters/prisma/pglite-statements.js";

/**
 * PGlite's hot statements go as named statements in one call each (pglite-statements.ts) instead of through
 * `query()`. The rows must be the ones `query()` gives, errors must leave the connection usable, and a
 * statement asked to be planned for each run must not be kept.
 */
describe("PGlite statements, named and run in one call", () => {
  let database: PGlite;
  let statements: ReturnType<typeof pgliteStatements>;
  /** How many calls into the engine the statements made (the real PGlite's, counted). */
  let calls = 0;

  beforeAll(async () => {
    database = new PGlite();
    await database.waitReady;
    await database.exec(`CREATE TABLE item (id uuid PRIMARY KEY, name text NOT NULL UNIQUE, at timestamptz, data jsonb, n int, big bigint, done boolean, tags text[])`);
    const stream = database.execProtocolStream.bind(database);
    database.execProtocolStream = (...args) => (calls++, stream(...args));
    statements = pgliteStatements(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  const insert = `INSERT INTO item (id, name, at, data, n, big, done, tags) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) RETURNING *`;
  const select = `SELECT id, name, at, data, n, big, done, tags FROM item WHERE name = $1`;

  it("gives the rows query() gives, with the same values sent and the same types read", async () => {
    const at = new Date("2026-11-30T09:15:00Z");
    const values = ["Ani", at, { stage: "won", value: 5 }, 7, 12345678901n, true, ["a", "b c"]];
    const [stored] = (await statements.outside.query(insert, values)).rows as Array<Record<string, unknown>>;
    expect(stored).toMatchObject({ name: "Ani", at, data: { stage: "won", value: 5 }, n: 7, done: true, tags: ["a", "b c"] });
    const ours = await statements.outside.query(select, ["Ani"]);
    const theirs = await database.query(select, ["Ani"]);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.rows).toHaveLength(1);
  });

  it("parses a statement once: each later run is one call into the engine", async () => {
    await statements.outside.query(select, ["warm"]);
    const before = calls;
    for (let i = 0; i < 5; i++) await statements.outside.query(select, [`name ${i}`]);
    expect(calls - before).toBe(5);
  });

  it("parses a statement asked to be planned for each run every time, unnamed", async () => {
    const text = `SELECT count(*)::int AS count FROM item WHERE n = $1`;
    const before = calls;
    for (let i = 0; i < 3; i++) expect((await statements.outside.query(text, [7], { planEachRun: true })).rows).toEqual([{ count: 1 }]);
    // Parse and describe, then bind and run: two calls a run, none of them keeping the statement.
    expect(calls - before).toBe(6);
    const named = await database.query<{ count: number }>(`SELECT count(*)::int AS count FROM pg_prepared_statements WHERE statement = $1`, [text]);
    expect(named.rows).toEqual([{ count: 0 }]);
  });

  it("leaves the connection usable after a statement fails, and a failed transaction rolls back", async () => {
    await expect(statements.outside.query(insert, ["Ani", null, null, null, null, null, null])).rejects.toMatchObject({ code: "23505" });
    expect((await statements.outside.query(select, ["Ani"])).rows).toHaveLength(1);
    await expect(
      database.transaction(async () => {
        await statements.inTransaction.query(insert, ["Rolled Back", null, null, null, null, null, null]);
        expect((await statements.inTransaction.query(select, ["Rolled Back"])).rows).toHaveLength(1);
        await statements.inTransaction.query(insert, ["Ani", null, null, null, null, null, null]);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect((await statements.outside.query(select, ["Rolled Back"])).rows).toEqual([]);
  });

  it("waits outside a transaction until the one in progress ends", async () => {
    const order: string[] = [];
    let release = () => {};
    let inserted = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const insertedInside = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = database.transaction(async () => {
      await statements.inTransaction.query(insert, ["Inside", null, null, null, null, null, null]);
      inserted();
      await held;
      order.push("committed");
    });
    await insertedInside;
    const outside = statements
      .outside
      .query(select, ["Inside"])
      .then(({ rows }) => order.push(`read ${rows.length}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push("released");
    release();
    await Promise.all([transaction, outside]);
    expect(order).toEqual(["released", "committed", "read 1"]);
  });
});
