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
  /** Prisma's interactive transactions: the whole transaction, start to commit. */
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
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && CONNECTION_MESSAGES.some((text) => message.includes(text))) return true;
  }
  return false;
}

const CONNECTION_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "57P01", "57P02", "57P03"]);
const CONNECTION_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "no answer from the database",
  "terminating connection due to idle-in-transaction timeout",
];

/**
 * A node-postgres pool that never waits forever: connections time out while opening, statements are cancelled
 * by the server after `statementMs` and, should the server's answer never come (a half-open connection: bytes
 * stop, no reset), the socket is destroyed `READ_GRACE_MS` later. A destroyed or reset connection is not
 * queryable, so the pool discards it on release instead of lending it out again. `onLost` hears each loss once.
 */
export function createPgPool(url: string, timeouts: PostgresTimeouts, onLost: (error: Error) => void): pg.Pool {
  const readTimeoutMs = timeouts.statementMs + READ_GRACE_MS;

  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super(config);
      // A checked-out client has no pool listener; without one an 'error' event would end the process.
      this.on("error", (error) => onLost(error));
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

    private stream() {
      return (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
    }
  }

  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    Client: TimedClient,
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: timeouts.keepAliveMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  });
  // An idle client that loses its server emits here too (already reported by the client's own listener).
  pool.on("error", () => {});
  return pool;
}
