import type { DateTime } from "luxon";
import type { Logger } from "../../log.js";
import type { SqlRunner } from "../prisma/client.js";

/**
 * Pruning of the records that only matter for a while: the inbound delivery log (it answers a platform's
 * retry of a delivery, which comes within minutes) and finished outbox rows (sent, cancelled, or failed,
 * whose admin alert was written when they were parked). Rows still to do (pending, sending, uncertain) are
 * never touched. Run by the outbox leader, so only one instance prunes.
 */
export type RetentionOptions = {
  /** Rows whose last activity is older than this many days go. */
  days: number;
  /** How often the leader prunes. */
  everyMs: number;
  /** Rows deleted per statement, so a long backlog never holds the (embedded, single) connection for long. */
  batch: number;
};

type Prunable = { name: string; table: string; key: string; /** The rows to go, $1 being the cut-off. */ expired: string };

/** What is pruned. A new kind of record that grows with traffic gets its line here. */
const PRUNABLE: readonly Prunable[] = [
  // Only answered entries: one still to do (pending, or done and not yet answered) stays in the inbox.
  { name: "deliveries", table: "InboundDelivery", key: "key", expired: `state = 'answered' AND "receivedAt" < $1::timestamptz` },
  {
    name: "outbox",
    table: "OutboxMessage",
    key: "id",
    // Finished rows whose last known moment (made, due, sent, last tried) is old; GREATEST skips the nulls.
    // The "dueAt" term is implied by the GREATEST one and is there so the (state, dueAt) index is used.
    expired: `state IN ('sent', 'cancelled', 'failed') AND "dueAt" < $1::timestamptz
              AND GREATEST("createdAt", "dueAt", "sentAt", "leaseUntil") < $1::timestamptz`,
  },
];

export type PruneCounts = Record<string, number>;

export function createRetention(sql: SqlRunner, options: RetentionOptions, log: Logger) {
  let lastRun: DateTime | null = null;

  /** Deletes every expired row, a batch at a time; returns how many went per kind. */
  async function prune(now: DateTime): Promise<PruneCounts> {
    const cutoff = now.minus({ days: options.days }).toISO();
    const counts: PruneCounts = {};
    for (const { name, table, key, expired } of PRUNABLE) {
      counts[name] = 0;
      for (;;) {
        const rows = await sql.query<{ gone: string }>(
          `DELETE FROM "${table}" WHERE "${key}" IN (SELECT "${key}" FROM "${table}" WHERE ${expired} LIMIT ${options.batch})
           RETURNING "${key}" AS gone`,
          [cutoff],
        );
        counts[name] += rows.length;
        if (rows.length < options.batch) break;
      }
    }
    if (Object.values(counts).some((count) => count > 0)) log.info({ ...counts, olderThanDays: options.days }, "old records pruned");
    return counts;
  }

  return {
    prune,
    /** Prunes when the last run is `everyMs` ago or more (or there was none in this process); else does nothing. */
    async pruneIfDue(now: DateTime): Promise<PruneCounts | null> {
      if (lastRun && now.toMillis() - lastRun.toMillis() < options.everyMs) return null;
      lastRun = now;
      return prune(now);
    },
  };
}
