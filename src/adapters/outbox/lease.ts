import type { DateTime } from "luxon";
import type { Clock } from "../../domain/shared/clock.js";
import type { SqlRunner } from "../prisma/client.js";
import { fromDb } from "../prisma/dates.js";

export type LeaderLease = {
  /** Takes the lease when it is free or expired, or renews it when this holder has it. True while held. */
  acquire(): Promise<boolean>;
  /** Gives the lease up at once (a clean shutdown), so another instance need not wait for it to expire. */
  release(): Promise<void>;
  /** Who holds it now, whether or not it has expired. */
  current(): Promise<{ holder: string; expiresAt: DateTime } | null>;
};

/**
 * A leader lease in a database row (works the same on PGlite and PostgreSQL): one conditional upsert takes
 * a free or expired lease, or renews one's own, or takes one whose holder stopped beating. Holders compare
 * against their own clocks, so instances on several hosts need clocks in step (NTP) to well within these times.
 */
export function createLeaderLease(
  sql: SqlRunner,
  {
    name,
    holder,
    ttlMs,
    clock,
    missedHeartbeatMs,
  }: {
    name: string;
    holder: string;
    ttlMs: number;
    clock: Clock;
    /** With it, a lease whose holder's heartbeat (heartbeat.ts) is older than this is free before it expires. */
    missedHeartbeatMs?: number;
  },
): LeaderLease {
  return {
    async acquire() {
      const now = clock.now();
      // Taking or renewing the lease is a heartbeat too, so a holder is never without one.
      const rows = await sql.query<{ holder: string }>(
        `WITH beat AS (
           INSERT INTO "OutboxInstance" (id, "heartbeatAt") VALUES ($2, $4::timestamptz)
           ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = EXCLUDED."heartbeatAt"
         )
         INSERT INTO "DispatcherLease" (name, holder, "expiresAt") VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, "expiresAt" = EXCLUDED."expiresAt"
           WHERE "DispatcherLease".holder = EXCLUDED.holder OR "DispatcherLease"."expiresAt" <= $4::timestamptz
              OR ($5::timestamptz IS NOT NULL AND EXISTS (
                    SELECT 1 FROM "OutboxInstance" i WHERE i.id = "DispatcherLease".holder AND i."heartbeatAt" <= $5::timestamptz))
         RETURNING holder`,
        [
          name,
          holder,
          now.plus({ milliseconds: ttlMs }).toISO(),
          now.toISO(),
          missedHeartbeatMs === undefined ? null : now.minus({ milliseconds: missedHeartbeatMs }).toISO(),
        ],
      );
      return rows.length === 1;
    },
    async release() {
      await sql.query(`DELETE FROM "DispatcherLease" WHERE name = $1 AND holder = $2`, [name, holder]);
    },
    async current() {
      const [row] = await sql.query<{ holder: string; expiresAt: Date }>(
        `SELECT holder, "expiresAt" FROM "DispatcherLease" WHERE name = $1`,
        [name],
      );
      return row ? { holder: row.holder, expiresAt: fromDb(row.expiresAt) } : null;
    },
  };
}
