import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { lockDataDir } from "./dir-lock.js";

export type Db = InstanceType<typeof PrismaClient>;
/** A Prisma interactive-transaction client: the same model API, inside one transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Raw SQL for the few jobs Prisma's API has no words for: migrations, SKIP LOCKED claims, advisory locks. */
export type SqlRunner = {
  /** Runs one or more statements with no parameters (migration files). */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  transaction<T>(work: (sql: Omit<SqlRunner, "transaction">) => Promise<T>): Promise<T>;
};

export type Database = {
  prisma: Db;
  sql: SqlRunner;
  engine: "pglite" | "postgres";
  close(): Promise<void>;
};

/**
 * Opens `postgres://…` / `postgresql://…` through node-postgres, or `pglite:<dir>` / `pglite:memory`
 * in-process. The embedded directory is locked for this process first, so a second process fails fast
 * instead of corrupting it.
 */
export async function openDatabase(url: string): Promise<Database> {
  if (url.startsWith("pglite:")) return openPglite(url.slice("pglite:".length));
  return openPostgres(url);
}

async function openPglite(dir: string): Promise<Database> {
  const unlock = dir === "memory" ? () => {} : lockDataDir(dir);
  let client: PGlite;
  try {
    client = dir === "memory" ? new PGlite() : new PGlite(dir);
    await client.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  // pglite-prisma-adapter 0.6 is typed against driver-adapter-utils 6.10; the wire contract is unchanged
  // through 6.19 (the test suite runs every repository on it), only the declared ArgType union grew.
  const adapter = new PrismaPGlite(client) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  const run = (q: Pick<PGlite, "exec" | "query">): Omit<SqlRunner, "transaction"> => ({
    async exec(sql) {
      await q.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await q.query<Row>(sql, params)).rows;
    },
  });
  return {
    prisma,
    engine: "pglite",
    sql: { ...run(client), transaction: (work) => client.transaction((tx) => work(run(tx))) },
    async close() {
      await prisma.$disconnect();
      await client.close();
      unlock();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server (a restart) emits here; without a listener Node would exit.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const run = (q: Pick<pg.Pool, "query">): Omit<SqlRunner, "transaction"> => ({
    async exec(sql) {
      await q.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rows as Row[];
    },
  });
  return {
    prisma,
    engine: "postgres",
    sql: {
      ...run(pool),
      async transaction(work) {
        const conn = await pool.connect();
        try {
          await conn.query("BEGIN");
          const result = await work(run(conn));
          await conn.query("COMMIT");
          return result;
        } catch (error) {
          await conn.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          conn.release();
        }
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
