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
 * a free or expired lease, or renews one's own. Holders compare against their own clocks, so instances on
 * several hosts need clocks in step (NTP) to well within the lease time.
 */
export function createLeaderLease(
  sql: SqlRunner,
  { name, holder, ttlMs, clock }: { name: string; holder: string; ttlMs: number; clock: Clock },
): LeaderLease {
  return {
    async acquire() {
      const now = clock.now();
      const rows = await sql.query<{ holder: string }>(
        `INSERT INTO "DispatcherLease" (name, holder, "expiresAt") VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, "expiresAt" = EXCLUDED."expiresAt"
           WHERE "DispatcherLease".holder = EXCLUDED.holder OR "DispatcherLease"."expiresAt" <= $4::timestamptz
         RETURNING holder`,
        [name, holder, now.plus({ milliseconds: ttlMs }).toISO(), now.toISO()],
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
