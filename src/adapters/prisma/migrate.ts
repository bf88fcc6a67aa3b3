import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SqlRunner } from "./client.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

// Any constant works; it only has to be the same in every instance of the app.
const MIGRATION_LOCK_KEY = 7_311_720_251;

/**
 * Applies pending migrations from prisma/migrations in-process, on PGlite and PostgreSQL alike. The Prisma
 * CLI cannot reach an in-memory PGlite, and spawning it costs seconds per start, so the app does this itself
 * and keeps Prisma's own `_prisma_migrations` bookkeeping, so `prisma migrate status` agrees with it.
 * All pending migrations go in one transaction under an advisory lock: instances starting together on one
 * PostgreSQL wait for each other, and a failing migration leaves the database as it was.
 */
export async function applyMigrations(sql: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  const pending = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Set(
      (
        await tx.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).map((row) => row.migration_name),
    );
    const applied: string[] = [];
    for (const name of pending) {
      if (done.has(name)) continue;
      const script = readFileSync(`${dir}/${name}/migration.sql`, "utf8");
      await tx.exec(script);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), createHash("sha256").update(script).digest("hex"), name],
      );
      applied.push(name);
    }
    return applied;
  });
}
