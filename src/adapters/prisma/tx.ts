import { AsyncLocalStorage } from "node:async_hooks";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db, Tx } from "./client.js";
import type { Connection, Lanes, RunOptions } from "./pg-transactions.js";
import { isConnectionLoss } from "./pg-pool.js";

const ambient = new AsyncLocalStorage<Tx>();
const readOnly = new AsyncLocalStorage<true>();

/** The pause before a transaction that lost its connection runs again (on a fresh connection). */
const RETRY_AFTER_MS = 250;

/**
 * Runs `work` atomically: inside the caller's transaction when there is one (a command and the record of
 * the delivery that caused it commit together), else in a new one. Repositories use this instead of
 * `db.$transaction`, because Prisma has no nested interactive transactions.
 *
 * A transaction whose connection broke before `work` finished committed nothing, so it runs once more on a
 * fresh connection (a pooled connection a firewall dropped, a server restart). One that broke at COMMIT may
 * or may not have committed, and is never run again: its caller answers with an error.
 */
export async function atomic<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const current = ambient.getStore();
  if (current) return work(current);
  if (readOnly.getStore()) throw new Error("a write inside work declared as only reading (a command with reads: true)");
  const direct = lanesOf.get(db);
  for (let attempt = 1; ; attempt++) {
    let finished = false;
    const inside = async (tx: Tx) => {
      const value = await ambient.run(tx, () => work(tx));
      finished = true;
      return value;
    };
    try {
      // On a lane (pg-transactions.ts); a client opened without lanes (none in the product) uses Prisma's own.
      return await (direct ? direct.lanes.run((tx, connection) => (connections.set(tx, connection), inside(tx))) : db.$transaction(inside));
    } catch (error) {
      if (finished || attempt > 1 || !isConnectionLoss(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    }
  }
}

/**
 * Runs work declared as only reading, outside any transaction: a write through `atomic` inside it is a bug in
 * that declaration, and fails instead of committing on its own, apart from the delivery that caused it.
 */
export function readingOnly<T>(work: () => Promise<T>): Promise<T> {
  return readOnly.run(true, work);
}

/**
 * Each database's transaction lanes, its connection for statements sent past Prisma outside them, and (on
 * PostgreSQL) the connection for statements that commit apart from the transaction in progress (numbers.ts).
 */
const lanesOf = new WeakMap<Db, { lanes: Lanes; pool: Connection; apart?: Connection }>();
/** A lane's client → the connection it holds during the transaction now running on it. */
const connections = new WeakMap<object, Connection>();

export function useLanes(db: Db, lanes: Lanes, pool: Connection, apart?: Connection): void {
  lanesOf.set(db, { lanes, pool, apart });
}

/**
 * The connection for a statement that commits on its own at once, while the work's transaction goes on: only
 * inside a transaction, and only where the database has one (PGlite has a single connection, which the
 * transaction holds).
 */
export const apartConnection = (db: Db): Connection | undefined => (ambient.getStore() ? lanesOf.get(db)?.apart : undefined);

/**
 * One statement of a hot path, written with `Prisma.sql`, sent straight to the connection of the current work
 * (the transaction's, or the pool's outside one): Prisma's query compiler and client add about 0.45 ms of CPU
 * to each statement on PostgreSQL, as much as the rest of the round trip. The rows are the driver's own
 * (node-postgres or PGlite), not Prisma's: hot statements read no `bigint` or `numeric`, whose types differ.
 */
export function rawSql<Row>(db: Db, query: Prisma.Sql, options?: RunOptions): Promise<Row[]> {
  return rawQuery<Row>(db, query.text, query.values, options);
}

/**
 * `rawSql` for a statement written as text with `$1`… placeholders. Inside a transaction it runs in that one,
 * whichever client is named, as `reader` does.
 */
export async function rawQuery<Row>(db: Db | Tx, text: string, values: unknown[], options?: RunOptions): Promise<Row[]> {
  const tx = ambient.getStore();
  const connection = tx ? connections.get(tx) : lanesOf.get(db as Db)?.pool;
  if (connection) return (await connection.query(text, values, options)).rows as Row[];
  return (tx ?? db).$queryRawUnsafe<Row[]>(text, ...values);
}

/** The transaction the current work runs in, if any. */
export const ambientTx = (): Tx | undefined => ambient.getStore();

/** The client for reads: the ambient transaction's when there is one, so a command sees its own writes. */
export function reader(db: Db): Tx {
  return ambient.getStore() ?? db;
}

/**
 * Runs independent reads side by side, except inside a transaction: there they share one connection, and
 * node-postgres deprecates (and will refuse) a query sent while another is still running on it.
 */
export async function inParallel<T extends readonly unknown[]>(...work: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!ambient.getStore()) return (await Promise.all(work.map((run) => run()))) as unknown as T;
  const results: unknown[] = [];
  for (const run of work) results.push(await run());
  return results as unknown as T;
}

/**
 * A workspace the work of a transaction moved into another (/crm link's join deletes the caller's empty
 * workspace): the inbox then completes the delivery under the new one. Kept per transaction client.
 */
const moves = new WeakMap<Tx, Map<string, string>>();

export function noteWorkspaceMoved(tx: Tx, from: string, to: string): void {
  moves.set(tx, (moves.get(tx) ?? new Map()).set(from, to));
}

/** Where `workspaceId` is once this transaction's work is done: itself, or where it was moved. */
export function workspaceAfter(tx: Tx, workspaceId: string): string {
  return moves.get(tx)?.get(workspaceId) ?? workspaceId;
}
