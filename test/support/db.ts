import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/adapters/prisma/client.js";
import { applyMigrations } from "../../src/adapters/prisma/migrate.js";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or, when TEST_DATABASE_URL
 * names a PostgreSQL server, a uniquely named database created on it and dropped by `close()`.
 */
export async function testDatabase(): Promise<Database & { url: string }> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const db = await openDatabase("pglite:memory");
    await applyMigrations(db.sql);
    return { ...db, url: "pglite:memory" };
  }
  const name = `tl_test_${randomBytes(5).toString("hex")}`;
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = withDatabase(server, name);
  const db = await openDatabase(url);
  await applyMigrations(db.sql);
  return {
    ...db,
    url,
    async close() {
      await db.close();
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The engine this run exercises, for test names: "pglite" or "postgres". */
export const engineUnderTest = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on its own connection to `url` and returns its rows. */
export async function queryOnce<Row = unknown>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

const adminQuery = queryOnce;
