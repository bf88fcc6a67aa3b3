import { describe, expect, it } from "vitest";
import { engineUnderTest } from "../support/db.js";
import { runDatabaseOutage, type OutageFigures } from "./db-outage.run.js";

/** Nothing acknowledged may go unanswered, and the service is back soon after the network. */
function expectHealed(result: OutageFigures, withinSeconds: number) {
  for (const window of ["before", "during", "after"] as const) expect(result.windows[window].silent, `${window}: ${JSON.stringify(result)}`).toBe(0);
  expect(result.recoverySeconds, JSON.stringify(result)).not.toBeNull();
  expect(result.recoverySeconds!).toBeLessThanOrEqual(withinSeconds);
  expect(result.windows.after.done).toBeGreaterThan(0);
  expect(result.exit).toEqual({ code: 0, signal: null });
}

// The cheap cousins of `npm run faults:db` (README, "Fault scripts"): short outages, short timeouts, the real
// `npm start` process behind a TCP proxy. Only a server can be cut off; PGlite lives in the process.
describe.skipIf(engineUnderTest !== "postgres")("the app across a cut database path (postgres, through a TCP proxy)", () => {
  const base = {
    serverUrl: process.env.TEST_DATABASE_URL!,
    outageMs: 3_000,
    beforeMs: 2_000,
    afterMs: 8_000,
    intervalMs: 500,
    drainMs: 30_000,
    env: { DB_CONNECT_TIMEOUT_MS: "1000", DB_STATEMENT_TIMEOUT_MS: "1000", DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "2000" },
  };

  it("answers every acknowledged command across a reset and is back at once, logging the lost connections", { timeout: 180_000 }, async () => {
    const result = await runDatabaseOutage({ ...base, shape: "reset" });
    expectHealed(result, 3);
    expect(result.connectionLostLogs).toBeGreaterThan(0);
  });

  it("answers every acknowledged command across a half-open stall (no reset) and recovers", { timeout: 180_000 }, async () => {
    const result = await runDatabaseOutage({ ...base, shape: "stall" });
    expectHealed(result, 10);
  });
});
