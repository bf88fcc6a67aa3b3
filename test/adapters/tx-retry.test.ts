import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/prisma/client.js";
import { atomic } from "../../src/adapters/prisma/tx.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

// Only a server has connections to lose; PGlite's one lives in the process.
describe.skipIf(engineUnderTest !== "postgres")("a transaction whose connection breaks (postgres)", () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("runs once more on a fresh connection when the connection broke before the work finished", async () => {
    let runs = 0;
    const value = await atomic(db.prisma, async (tx) => {
      runs++;
      // The server ends this very connection, as a restart or a dropped idle connection would.
      if (runs === 1) await tx.$queryRawUnsafe("SELECT pg_terminate_backend(pg_backend_pid())");
      const [row] = await tx.$queryRawUnsafe<Array<{ n: number }>>("SELECT 41 + 1 AS n");
      return row!.n;
    });
    expect(runs).toBe(2);
    expect(value).toBe(42);
  });

  it("keeps no pool slot for a connection lost inside a transaction: more losses than the pool has slots, then work goes on", async () => {
    for (let i = 0; i < 12; i++) {
      await expect(
        atomic(db.prisma, async (tx) => {
          await tx.$queryRawUnsafe("SELECT pg_terminate_backend(pg_backend_pid())");
        }),
      ).rejects.toThrow(/terminating connection/);
    }
    const started = Date.now();
    expect(await db.sql.query<{ ok: number }>("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("does not run again when the work itself failed (a SQL error is not a lost connection)", async () => {
    let runs = 0;
    await expect(
      atomic(db.prisma, async (tx) => {
        runs++;
        await tx.$queryRawUnsafe("SELECT 1 / 0");
      }),
    ).rejects.toThrow(/division by zero/);
    expect(runs).toBe(1);
  });
});
