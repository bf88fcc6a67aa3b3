import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/prisma/client.js";
import { intakeBatcher, type IntakeRow } from "../../src/adapters/prisma/inbox.intake.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

const row = (key: string, request = "{}"): IntakeRow => ({
  key,
  request,
  holder: "test-instance",
  leaseUntil: "2026-11-25T09:01:00Z",
  receivedAt: "2026-11-25T09:00:00Z",
});

describe(`recording deliveries in batches (${engineUnderTest})`, () => {
  let database: Database & { url: string };
  /** The real runner, counting the statements it is given. */
  let statements = 0;
  let record: ReturnType<typeof intakeBatcher>;

  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.sql.exec(`DELETE FROM "InboundDelivery"`);
    statements = 0;
    record = intakeBatcher({
      query: (sql, params) => {
        statements++;
        return database.intake.query(sql, params);
      },
    });
  });

  const stored = async () => (await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "InboundDelivery"`))[0]!.n;

  it("records a burst of 300 deliveries, each once and each new, in far fewer statements than deliveries", async () => {
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => record(row(`slack:T1:${i}`))));
    expect(results.every((isNew) => isNew)).toBe(true);
    expect(await stored()).toBe(300);
    // The first goes alone, the rest in batches of up to 100.
    expect(statements).toBeLessThanOrEqual(5);
  });

  it("costs one statement for one delivery, as before", async () => {
    expect(await record(row("slack:T1:alone"))).toBe(true);
    expect(statements).toBe(1);
  });

  it("says a key recorded before is not new, and a key twice in one burst is new once", async () => {
    await record(row("telegram:1:7"));
    const [a, b, c] = await Promise.all([record(row("telegram:1:7")), record(row("telegram:1:8")), record(row("telegram:1:8"))]);
    expect(a).toBe(false);
    expect([b, c].filter(Boolean)).toHaveLength(1);
    expect(await stored()).toBe(2);
  });

  it("refuses only the row the database refuses; the others in its batch are recorded", async () => {
    // Keeps the batcher busy so the next three wait and go in one statement.
    const first = record(row("slack:T1:first"));
    const outcomes = await Promise.allSettled([record(row("slack:T1:a")), record(row("slack:T1:bad", "{not json")), record(row("slack:T1:b"))]);
    await first;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await stored()).toBe(3);
  });

  it("refuses every copy of a refused row, never calling a copy a repeat of what was not recorded", async () => {
    const first = record(row("slack:T1:first"));
    const outcomes = await Promise.allSettled([
      record(row("slack:T1:bad", "{not json")),
      record(row("slack:T1:ok")),
      record(row("slack:T1:bad", "{not json")),
    ]);
    await first;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "fulfilled", "rejected"]);
    expect(await stored()).toBe(2);
  });
});
