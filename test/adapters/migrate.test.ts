import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/adapters/prisma/migrate.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

describe(`migrations (${engineUnderTest})`, () => {
  const dir = mkdtempSync(join(tmpdir(), "tl-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("applies every migration once, in Prisma's own bookkeeping table", async () => {
    const db = await testDatabase();
    try {
      expect(await applyMigrations(db.sql)).toEqual([]);
      const rows = await db.sql.query<{ migration_name: string; finished_at: Date | null }>(
        `SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      expect(rows[0]!.migration_name).toBe("20261125160000_foundation");
    } finally {
      await db.close();
    }
  });

  it("leaves the database as it was when a migration fails", async () => {
    const db = await testDatabase();
    try {
      mkdirSync(join(dir, "0001_ok"));
      writeFileSync(join(dir, "0001_ok", "migration.sql"), `CREATE TABLE "Probe" (id int);`);
      mkdirSync(join(dir, "0002_broken"));
      writeFileSync(join(dir, "0002_broken", "migration.sql"), `CREATE TABLE "Probe2" (id int); SELECT no_such_function();`);
      await expect(applyMigrations(db.sql, dir)).rejects.toThrow();
      const tables = await db.sql.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_name IN ('Probe', 'Probe2')`,
      );
      expect(tables).toEqual([]);
      const recorded = await db.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name LIKE '000%'`);
      expect(recorded).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
