import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUTS, isConnectionLoss } from "../../src/adapters/prisma/pg-pool.js";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("PostgreSQL timeouts in the configuration", () => {
  it("defaults to the adapter's own timeouts", () => {
    const config = loadConfig({});
    expect({
      connectMs: config.DB_CONNECT_TIMEOUT_MS,
      statementMs: config.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      keepAliveMs: config.DB_KEEPALIVE_MS,
      transactionMs: config.DB_TRANSACTION_TIMEOUT_MS,
    }).toEqual(DEFAULT_TIMEOUTS);
  });

  it("refuses 0 (wait forever) with one line naming the variable", () => {
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: "0" })).toThrow(
      'Invalid DB_STATEMENT_TIMEOUT_MS="0": expected at least 100 ms (0 would wait forever).',
    );
    expect(loadConfig({ DB_CONNECT_TIMEOUT_MS: "2500" }).DB_CONNECT_TIMEOUT_MS).toBe(2500);
  });
});

describe("telling a lost connection from a failed statement", () => {
  it("counts resets, timeouts and server shutdowns as a lost connection, through Prisma's wrapping too", () => {
    expect(isConnectionLoss(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionLoss(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionLoss(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isConnectionLoss({ code: "57P01", message: "terminating connection due to administrator command" })).toBe(true);
    expect(isConnectionLoss(new Error("wrapped", { cause: new Error("Connection terminated due to connection timeout") }))).toBe(true);
    expect(isConnectionLoss({ code: "P1017", message: "Invalid `tx.lead.create()` invocation: Server has closed the connection." })).toBe(true);
    expect(isConnectionLoss({ name: "DriverAdapterError", message: "ConnectionClosed" })).toBe(true);
  });

  it("does not count a SQL error (a constraint, a cancelled statement) as one", () => {
    expect(isConnectionLoss({ code: "23505", message: "duplicate key value violates unique constraint" })).toBe(false);
    expect(isConnectionLoss({ code: "57014", message: "canceling statement due to statement timeout" })).toBe(false);
  });
});
