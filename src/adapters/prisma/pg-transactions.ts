import { createHash } from "node:crypto";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.ts";
import type { Db } from "./client.js";
import { framingTransaction, type Queryable } from "./pg-begin.js";
import { isConnectionLoss, type PostgresTimeouts } from "./pg-pool.js";

/**
 * Transactions on PostgreSQL without Prisma's interactive-transaction machinery: a pooled connection with
 * `BEGIN` and `COMMIT` sent on it directly, and a Prisma client bound to that connection for the work's model
 * queries. Why: measured on this machine (issue 12), an empty Prisma interactive transaction costs 0.55 ms of
 * CPU against 0.15 ms for `BEGIN`/`COMMIT` on the connection, and a raw statement through Prisma 0.45 ms more
 * than the same statement through `pg`; a `/lead add` is a handful of those.
 *
 * Each transaction runs on a lane: a Prisma client whose driver adapter sends everything to the one connection
 * the lane holds while the transaction lasts. A lane is used by one transaction at a time, because a Prisma
 * client batches concurrent `findUnique` calls into one query, which must never mix two transactions.
 */
export type Lanes = {
  run<T>(work: (tx: Db, connection: Connection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * The connection a lane holds: raw statements of the transaction go straight to it (see `rawSql`).
 * `planEachRun`: send the statement unnamed, so it is planned for its own values every time (see `preparing`).
 * `commit`: the transaction's last statement, which commits it in the same round trip on a PostgreSQL lane
 * (pg-begin.ts); elsewhere the transaction commits at its end as usual. Only for a statement that fails,
 * rather than returns nothing, when the work must not commit.
 */
export type Connection = { query(text: string, values: unknown[], options?: RunOptions): Promise<{ rows: unknown[] }> };
export type RunOptions = { planEachRun?: boolean; commit?: boolean };

type Lane = { client: Db; conn: Queryable | null };

/** Statement names by text: each hot statement is parsed once per connection, then only bound and run. */
const names = new Map<string, string>();

/**
 * Sends the hot statements as named (prepared) statements: PostgreSQL then parses and analyses each once per
 * connection instead of at every run, and may keep a generic plan. Measured on `/lead add` (issue 12): the
 * database's own CPU per command was as large as the app's, most of it taken by the few long CTEs.
 *
 * A generic plan is made after a statement's fifth run, when the tables may still be nearly empty, and kept.
 * A statement whose best index depends on its values can then read a whole workspace each run (issue 12 found
 * the counter's "is this contact new?" doing so): such a statement asks for `planEachRun`, and goes unnamed.
 */
export function preparing(on: Pick<pg.Pool, "query">): Connection {
  return {
    query(text, values, options) {
      const commit = options?.commit ? { commit: true } : {};
      if (options?.planEachRun) return on.query({ text, values, ...commit });
      let name = names.get(text);
      if (!name) names.set(text, (name = `tl_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`));
      return on.query({ name, text, values, ...commit });
    },
  };
}

/** A stand-in for the pool that Prisma's pg adapter is given: every query goes to the lane's connection. */
class LaneConnection extends pg.Pool {
  constructor(private readonly lane: Lane) {
    super({ max: 1 });
  }

  override query(...args: unknown[]): never {
    const conn = this.lane.conn;
    if (!conn) throw new Error("a query on a transaction lane outside its transaction");
    return (conn.query as (...a: unknown[]) => never)(...args);
  }

  /**
   * Prisma opens a transaction of its own for a write that takes several statements (a nested create, say):
   * on a lane that is a savepoint inside the one in progress, so the write is still all or nothing.
   */
  override async connect(): Promise<never> {
    const conn = this.lane.conn;
    if (!conn) throw new Error("a transaction on a transaction lane outside its transaction");
    // Nested ones may share the name: PostgreSQL releases or rolls back to the latest of that name.
    const savepoint = "lane_nested";
    const nested: Record<string, string> = { BEGIN: `SAVEPOINT ${savepoint}`, COMMIT: `RELEASE SAVEPOINT ${savepoint}`, ROLLBACK: `ROLLBACK TO SAVEPOINT ${savepoint}` };
    const query = (config: unknown, ...rest: unknown[]) => {
      const text = typeof config === "string" ? config : (config as { text?: string }).text;
      const instead = text ? nested[text.trim().toUpperCase()] : undefined;
      return (conn.query as (...a: unknown[]) => unknown)(instead ?? config, ...(instead ? [] : rest));
    };
    // The adapter listens for errors and releases the client at the end: the lane's connection stays held.
    return { query, on: () => {}, removeListener: () => {}, release: () => {} } as never;
  }
}

export function createLanes(pool: pg.Pool, size: number, timeouts: PostgresTimeouts): Lanes {
  const lanes: Lane[] = [];
  const free: Lane[] = [];
  const waiting: Array<(lane: Lane) => void> = [];

  async function take(): Promise<Lane> {
    const lane = free.pop();
    if (lane) return lane;
    if (lanes.length < size) {
      // Made when first needed: most processes (and every test) use a few.
      const made: Lane = { client: null as unknown as Db, conn: null };
      made.client = new PrismaClient({ adapter: new PrismaPg(new LaneConnection(made)) });
      lanes.push(made);
      return made;
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(handOver), 1);
        // Worded as node-postgres words its own wait, which callers already treat as a connection problem.
        reject(new Error(`timeout exceeded when trying to connect: all ${size} transaction lanes busy`));
      }, timeouts.connectMs * 2);
      const handOver = (lane: Lane) => {
        clearTimeout(timer);
        resolve(lane);
      };
      waiting.push(handOver);
    });
  }

  function give(lane: Lane) {
    const next = waiting.shift();
    if (next) next(lane);
    else free.push(lane);
  }

  return {
    async run(work) {
      const lane = await take();
      try {
        const conn = await pool.connect();
        // BEGIN goes with the transaction's first statement, and COMMIT with a last one that asks (pg-begin.ts).
        const tx = framingTransaction(conn);
        lane.conn = tx;
        let broken: Error | undefined;
        // The whole transaction's limit, as Prisma's interactive transactions had: past it the connection is
        // dropped, so the server rolls back and the work's next statement fails.
        let expired = false;
        const timer = setTimeout(() => {
          expired = true;
          (conn as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream?.destroy(
            new Error(`transaction took longer than ${timeouts.transactionMs} ms; rolled back`),
          );
        }, timeouts.transactionMs);
        timer.unref();
        try {
          const value = await work(lane.client, preparing(tx));
          if (tx.open()) await conn.query("COMMIT");
          return value;
        } catch (error) {
          if (expired) broken = new Error(`transaction took longer than ${timeouts.transactionMs} ms; rolled back`, { cause: error });
          else if (isConnectionLoss(error)) broken = error as Error;
          else if (tx.open()) await conn.query("ROLLBACK").catch((lost: Error) => (broken = lost));
          throw broken && expired ? broken : error;
        } finally {
          clearTimeout(timer);
          lane.conn = null;
          conn.release(broken);
        }
      } finally {
        give(lane);
      }
    },
    async close() {
      await Promise.all(lanes.map((lane) => lane.client.$disconnect()));
    },
  };
}

/**
 * PGlite's one lane. PGlite runs one transaction at a time (its `transaction` holds the only connection until
 * it ends), so one Prisma client serves every transaction in turn; its adapter is given a stand-in for the
 * database that sends everything to the transaction in progress.
 */
export function createPgliteLane(database: PGlite, statements: Connection): Lanes {
  let current: Transaction | null = null;
  const inProgress = () => current ?? fail("a query on the transaction lane outside its transaction");
  const standIn = {
    query: (...args: Parameters<Transaction["query"]>) => inProgress().query(...args),
    exec: (...args: Parameters<Transaction["exec"]>) => inProgress().exec(...args),
    // Prisma's own multi-statement write: a savepoint inside the transaction in progress (see LaneConnection).
    async transaction<T>(callback: (tx: Pick<Transaction, "query" | "exec" | "rollback">) => Promise<T>): Promise<T> {
      const tx = inProgress();
      await tx.exec("SAVEPOINT lane_nested");
      let rolledBack = false;
      try {
        const value = await callback({
          query: (...args) => tx.query(...args),
          exec: (...args) => tx.exec(...args),
          rollback: async () => void (rolledBack = true),
        });
        await tx.exec(rolledBack ? "ROLLBACK TO SAVEPOINT lane_nested" : "RELEASE SAVEPOINT lane_nested");
        return value;
      } catch (error) {
        await tx.exec("ROLLBACK TO SAVEPOINT lane_nested");
        throw error;
      }
    },
  };
  // pglite-prisma-adapter is typed against an older driver-adapter-utils (see client.ts).
  const client = new PrismaClient({ adapter: new PrismaPGlite(standIn as unknown as PGlite) as unknown as PrismaPg });
  return {
    run: (work) =>
      database.transaction(async (tx) => {
        current = tx;
        try {
          return await work(client, statements);
        } finally {
          current = null;
        }
      }),
    close: () => client.$disconnect(),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
