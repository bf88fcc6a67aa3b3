import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { lockDataDir } from "./dir-lock.js";
import { createPgPool, DEFAULT_TIMEOUTS, isConnectionLoss, type PostgresTimeouts } from "./pg-pool.js";

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
  /**
   * For recording deliveries before they are acknowledged (the inbox's insert): on PostgreSQL two connections
   * of its own, so an ack never waits for a connection behind the work it lets in. PGlite has one connection.
   */
  intake: Pick<SqlRunner, "query">;
  engine: "pglite" | "postgres";
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** PostgreSQL only: how long each step may take before the connection is given up (see pg-pool.ts). */
  timeouts?: Partial<PostgresTimeouts>;
  /** PostgreSQL only: told once for every connection that broke (reset, timed out, ended by the server). */
  onConnectionLost?: (error: Error) => void;
};

/**
 * Opens `postgres://…` / `postgresql://…` through node-postgres, or `pglite:<dir>` / `pglite:memory`
 * in-process. The embedded directory is locked for this process first, so a second process fails fast
 * instead of corrupting it.
 */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  if (url.startsWith("pglite:")) return openPglite(url.slice("pglite:".length));
  return openPostgres(url, { ...DEFAULT_TIMEOUTS, ...options.timeouts }, options.onConnectionLost ?? (() => {}));
}

async function openPglite(dir: string): Promise<Database> {
  const unlock = dir === "memory" ? () => {} : await lockDataDir(dir);
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
  // One connection: a transaction may wait a while for the one before it (commands queue under load).
  const prisma = new PrismaClient({ adapter, transactionOptions: { timeout: 20_000, maxWait: 20_000 } });
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
    intake: run(client),
    async close() {
      await prisma.$disconnect();
      await client.close();
      unlock();
    },
  };
}

async function openPostgres(url: string, timeouts: PostgresTimeouts, onLost: (error: Error) => void): Promise<Database> {
  const pool = createPgPool(url, timeouts, onLost);
  const intakePool = createPgPool(url, timeouts, onLost, 2);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Waiting for a connection is bounded by the pool's own connect timeout, which reports the real cause.
    transactionOptions: { timeout: timeouts.transactionMs, maxWait: timeouts.connectMs * 2 },
  });
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
    intake: run(intakePool),
    sql: {
      ...run(pool),
      async transaction(work) {
        const conn = await pool.connect();
        let result: Awaited<ReturnType<typeof work>>;
        try {
          await conn.query("BEGIN");
          result = await work(run(conn));
          await conn.query("COMMIT");
        } catch (error) {
          await conn.query("ROLLBACK").catch(() => {});
          conn.release(isConnectionLoss(error) ? (error as Error) : undefined);
          throw error;
        }
        conn.release();
        return result;
      },
    },
    async close() {
      await prisma.$disconnect();
      await Promise.all([pool.end(), intakePool.end()]);
    },
  };
}
