import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { CALLER_CHANGES } from "./caller-cache.js";
import { INBOX_ARRIVALS } from "./inbox.intake.js";
import { lockDataDir } from "./dir-lock.js";
import { createPgPool, DEFAULT_TIMEOUTS, isConnectionLoss, type PostgresTimeouts } from "./pg-pool.js";
import { NUMBERS_SETTINGS } from "./numbers.js";
import { createLanes, createPgliteLane, preparing, type Connection } from "./pg-transactions.js";
import { pgliteStatements } from "./pglite-statements.js";
import { useLanes } from "./tx.js";

export type Db = InstanceType<typeof PrismaClient>;
/** The client a transaction's work gets (a lane's, pg-transactions.ts): the same model API, inside one transaction. */
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
  /**
   * Listens to CALLER_CHANGES (caller-cache.ts): `onNotify` for each change committed by any instance, told
   * before this instance's own COMMIT returns; `onState(true)` once listening, `onState(false)` when the
   * listening connection is lost (changes may have been missed; it listens again by itself). The returned
   * function stops it, and says nothing more.
   */
  listenToCallerChanges(onNotify: () => void, onState: (listening: boolean) => void): Promise<() => Promise<void>>;
  /**
   * Listens to INBOX_ARRIVALS (inbox.intake.ts), the deliveries an intake instance recorded: `onArrival` for
   * each committed batch, and once more whenever listening starts again after a lost connection (what
   * arrived meanwhile was not told). The returned function stops it.
   */
  listenToArrivals(onArrival: () => void): Promise<() => Promise<void>>;
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
  const prisma = new PrismaClient({ adapter });
  // One connection: a transaction waits for the one before it (commands queue under load).
  const statements = pgliteStatements(client);
  const lane = createPgliteLane(client, statements.inTransaction);
  useLanes(prisma, lane, statements.outside);
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
    intake: rowsQuery(statements.outside),
    // One process, one connection: nothing is missed while the database is open, and a change's notification
    // is told before its COMMIT returns.
    async listenToCallerChanges(onNotify, onState) {
      const stop = await client.listen(CALLER_CHANGES, () => onNotify());
      onState(true);
      return stop;
    },
    listenToArrivals: (onArrival) => client.listen(INBOX_ARRIVALS, () => onArrival()),
    async close() {
      await Promise.all([prisma.$disconnect(), lane.close()]);
      await client.close();
      unlock();
    },
  };
}

/** Connections of the work's pool, and as many transaction lanes. */
const POOL_SIZE = 10;

async function openPostgres(url: string, timeouts: PostgresTimeouts, onLost: (error: Error) => void): Promise<Database> {
  // Who hears the caller changes the work's own connections are told of (see PoolListen).
  const heard = new Set<() => void>();
  const pool = createPgPool(url, timeouts, onLost, {
    max: POOL_SIZE,
    listen: { channel: CALLER_CHANGES, onNotify: () => heard.forEach((onNotify) => onNotify()) },
  });
  const intakePool = createPgPool(url, timeouts, onLost, { max: 2 });
  // Per-workspace record numbers, committed apart from the work's transactions (numbers.ts).
  const numbersPool = createPgPool(url, timeouts, onLost, { max: 2, settings: NUMBERS_SETTINGS });
  // Reads outside a transaction; transactions run on lanes of their own (pg-transactions.ts), from the same pool.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const lanes = createLanes(pool, POOL_SIZE, timeouts);
  useLanes(prisma, lanes, preparing(pool), preparing(numbersPool));
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
    // Named: the insert has one text per batch size, each parsed once per connection instead of at every ack.
    intake: rowsQuery(preparing(intakePool)),
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
    // A connection of its own hears every instance's changes; the work's connections hear this one's in time.
    async listenToCallerChanges(onNotify, onState) {
      heard.add(onNotify);
      const stop = await listenOnPostgres(url, timeouts, CALLER_CHANGES, onNotify, onState);
      return async () => {
        heard.delete(onNotify);
        await stop();
      };
    },
    listenToArrivals: (onArrival) => listenOnPostgres(url, timeouts, INBOX_ARRIVALS, onArrival, (listening) => listening && onArrival()),
    async close() {
      await Promise.all([prisma.$disconnect(), lanes.close()]);
      await Promise.all([pool.end(), intakePool.end(), numbersPool.end()]);
    },
  };
}

/** A connection's statements as a runner's `query`: the rows alone (the inbox's insert on either engine). */
function rowsQuery(connection: Connection): Pick<SqlRunner, "query"> {
  return { query: async <Row>(sql: string, params: unknown[] = []) => (await connection.query(sql, params)).rows as Row[] };
}

/** Pause before listening again after the listening connection was lost. */
const RELISTEN_AFTER_MS = 1_000;
/** How long a goodbye may take: on a half-open connection the server's answer never comes. */
const END_GRACE_MS = 1_000;
/** How often the listening connection is asked to answer: a connection cut without a reset says nothing. */
const HEARTBEAT_MS = 5_000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other work). Its loss is told at once
 * and the listening starts again a second later, for as long as it is not stopped. A heartbeat finds a
 * connection that went silent (a stalled path keeps a socket open for minutes): each statement on it,
 * the LISTEN and the heartbeat, gets the statement timeout, and the socket is destroyed past it.
 */
async function listenOnPostgres(
  url: string,
  timeouts: PostgresTimeouts,
  channel: string,
  onNotify: () => void,
  onState: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  let current: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const destroy = (client: pg.Client) => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  /** A statement on the listening connection, which is destroyed when no answer comes in time. */
  const timed = async (client: pg.Client, sql: string) => {
    const timer = setTimeout(() => destroy(client), timeouts.statementMs);
    try {
      await client.query(sql);
    } finally {
      clearTimeout(timer);
    }
  };
  const end = async (client: pg.Client) => {
    const timer = setTimeout(() => destroy(client), END_GRACE_MS);
    await client.end().catch(() => {});
    clearTimeout(timer);
  };
  const connect = async () => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: timeouts.connectMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: timeouts.keepAliveMs,
    });
    let lost = false;
    const onLost = () => {
      if (lost || stopped) return;
      lost = true;
      clearInterval(heartbeat);
      if (current === client) current = null;
      onState(false);
      void end(client);
      retry = setTimeout(() => void connect(), RELISTEN_AFTER_MS);
    };
    client.on("error", onLost);
    client.on("end", onLost);
    client.on("notification", (message) => {
      if (message.channel === channel) onNotify();
    });
    try {
      await client.connect();
      await timed(client, `LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch {
      onLost();
      return;
    }
    if (stopped) return void end(client);
    current = client;
    heartbeat = setInterval(() => void timed(client, "SELECT 1").catch(onLost), HEARTBEAT_MS);
    heartbeat.unref();
    onState(true);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(heartbeat);
    const client = current;
    current = null;
    if (client) await end(client);
  };
}
