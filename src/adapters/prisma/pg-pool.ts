import pg from "pg";

/** How long the PostgreSQL path waits before it gives a connection up. Every value in milliseconds. */
export type PostgresTimeouts = {
  /** TCP connect plus start-up and authentication; also the longest wait for a free pooled connection. */
  connectMs: number;
  /** Server side: a statement running longer is cancelled by PostgreSQL itself (`statement_timeout`). */
  statementMs: number;
  /** Server side: a session idle inside an open transaction this long is ended, releasing its locks. */
  idleInTransactionMs: number;
  /** TCP keep-alive probes start after the connection has been silent this long. */
  keepAliveMs: number;
  /** A transaction, start to commit (pg-transactions.ts; on PGlite, Prisma's interactive transactions). */
  transactionMs: number;
};

export const DEFAULT_TIMEOUTS: PostgresTimeouts = {
  connectMs: 5_000,
  statementMs: 10_000,
  idleInTransactionMs: 15_000,
  keepAliveMs: 10_000,
  transactionMs: 20_000,
};

/**
 * Extra time the client grants a statement beyond the server's own timeout before it decides that no answer
 * will ever come: the server's cancellation normally arrives first and the connection stays usable.
 */
const READ_GRACE_MS = 5_000;

/** Whether an error means the connection itself is gone (so the work on it did not finish), not a SQL error. */
export function isConnectionLoss(error: unknown): boolean {
  // Prisma keeps the driver's error in `meta` (raw queries) or `cause`; node-postgres has `code` and `message`.
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message, meta } = e as { code?: unknown; message?: unknown; meta?: { code?: unknown } };
    for (const one of [code, meta?.code]) if (typeof one === "string" && (CONNECTION_CODES.has(one) || one.startsWith("08"))) return true;
    if (typeof message === "string" && CONNECTION_MESSAGES.some((text) => message.includes(text))) return true;
  }
  return false;
}

// Node's socket errors, PostgreSQL's "admin shutdown" family, and Prisma's "can't reach" / "closed" codes.
const CONNECTION_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "57P01", "57P02", "57P03", "P1001", "P1002", "P1017"]);
const CONNECTION_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "no answer from the database",
  // The server ending the session: an administrator, a restart, the idle-in-transaction timeout.
  "terminating connection due to",
  // Prisma's wording for the same, through its driver adapter.
  "Server has closed the connection",
  "ConnectionClosed",
  "Can't reach database server",
];

/**
 * A channel each of the pool's connections listens on from the start: a notification the instance's own
 * transaction sends arrives on its own connection before its COMMIT returns (PostgreSQL tells the session that
 * notified at the end of its transaction), so the instance knows of its own changes before it answers.
 */
export type PoolListen = { channel: string; onNotify: () => void };

export type PoolOptions = {
  /** Connections at most (10 by default). */
  max?: number;
  listen?: PoolListen | undefined;
  /** Server settings for each connection's session, as `-c name=value` options (see numbers.ts). */
  settings?: string | undefined;
};

/**
 * A node-postgres pool that never waits forever: connections time out while opening, statements are cancelled
 * by the server after `statementMs` and, should the server's answer never come (a half-open connection: bytes
 * stop, no reset), the socket is destroyed `READ_GRACE_MS` later. A destroyed or reset connection is not
 * queryable, so the pool discards it on release instead of lending it out again. `onLost` hears each loss once.
 */
export function createPgPool(
  url: string,
  timeouts: PostgresTimeouts,
  onLost: (error: Error) => void,
  { max = 10, listen, settings }: PoolOptions = {},
): pg.Pool {
  const readTimeoutMs = timeouts.statementMs + READ_GRACE_MS;

  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super(config);
      // A checked-out client has no pool listener; without one an 'error' event would end the process.
      this.on("error", (error) => {
        onLost(error);
        this.giveBack(error);
      });
      if (listen) this.on("notification", (message) => message.channel === listen.channel && listen.onNotify());
    }

    // LISTEN before the pool lends the connection out, so it is never a second query running on it.
    override connect(...args: unknown[]): never {
      const connected = (super.connect as unknown as () => Promise<unknown>)().then(async () => {
        if (listen) await super.query(`LISTEN "${listen.channel}"`);
      });
      const callback = args[0];
      if (typeof callback !== "function") return connected as never;
      connected.then(() => callback(), (error: unknown) => callback(error));
      return undefined as never;
    }

    // node-postgres' own query_timeout only stops waiting: the query stays on the wire and the next one
    // queues behind it. Destroying the socket fails both and marks the client broken.
    override query(...args: unknown[]): never {
      const timer = setTimeout(() => {
        this.stream()?.destroy(new Error(`no answer from the database in ${readTimeoutMs} ms; connection dropped`));
      }, readTimeoutMs);
      timer.unref();
      // pg-pool calls with a callback, Prisma's adapter and ours with a promise: the timer ends with either.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === "function") {
        args[last] = (...answer: unknown[]) => {
          clearTimeout(timer);
          return (callback as (...a: unknown[]) => unknown)(...answer);
        };
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (result instanceof Promise) return result.finally(() => clearTimeout(timer)) as never;
      if (typeof callback !== "function") clearTimeout(timer);
      return result as never;
    }

    // Ending sends a goodbye and waits for the server to close: on a half-open connection that never comes,
    // and `pool.end()` (shutdown) would wait for good.
    override end(...args: unknown[]): never {
      setTimeout(() => this.stream()?.destroy(), READ_GRACE_MS).unref();
      return (super.end as (...a: unknown[]) => unknown)(...args) as never;
    }

    /**
     * Hands a broken client back to the pool at once, which discards it. Prisma's driver adapter releases a
     * transaction's client only after its ROLLBACK succeeds, which on a dead connection it never does: each
     * connection lost inside a transaction would otherwise hold a pool slot for good, until none is left.
     * Whoever releases it later gets a no-op; an idle client (already released) just stays as it is.
     */
    private giveBack(error: Error) {
      const self = this as unknown as { release?: (error?: Error) => void };
      const release = self.release;
      if (typeof release !== "function") return;
      self.release = () => {};
      try {
        release(error);
      } catch {
        // An idle client: the pool's own listener discards it.
      }
    }

    private stream() {
      return (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
    }
  }

  const pool = new pg.Pool({
    connectionString: url,
    max,
    Client: TimedClient,
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: timeouts.keepAliveMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    ...(settings ? { options: settings } : {}),
  });
  // An idle client that loses its server emits here too (already reported by the client's own listener).
  pool.on("error", () => {});
  return pool;
}
