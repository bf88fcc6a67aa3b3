import type { Clock } from "../../domain/shared/clock.js";
import type { SqlRunner } from "../prisma/client.js";

/** How long a finished instance's heartbeat row is kept before it is pruned (a log of who ran, for a day). */
const KEEP_DEAD_MS = 24 * 60 * 60_000;
/** How far back a cleanly stopped instance dates its last heartbeat: far past any missed-heartbeat limit. */
const ENDED_BACKDATE_MS = 60 * 60_000;

export type Heartbeat = {
  /** Says this instance is alive now (and prunes rows of instances long gone). */
  beat(): Promise<void>;
  /** Marks this instance dead at a clean stop: whatever it still had claimed is free to others at once. */
  end(): Promise<void>;
};

/**
 * A running dispatcher's sign of life, in a row of its own. Claims name their instance (`claimedBy`), so a
 * claim whose instance stopped beating is free to another at once rather than at the end of the row's lease:
 * takeover after a kill -9 takes one missed heartbeat, not a minute. Claiming beats as well (queue.ts).
 */
export function createHeartbeat(sql: SqlRunner, { instanceId, clock }: { instanceId: string; clock: Clock }): Heartbeat {
  return {
    async beat() {
      const now = clock.now();
      await sql.query(
        `INSERT INTO "OutboxInstance" (id, "heartbeatAt") VALUES ($1, $2::timestamptz)
         ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = EXCLUDED."heartbeatAt"`,
        [instanceId, now.toISO()],
      );
      await sql.query(`DELETE FROM "OutboxInstance" WHERE "heartbeatAt" < $1::timestamptz`, [now.minus({ milliseconds: KEEP_DEAD_MS }).toISO()]);
    },
    async end() {
      // Backdated rather than deleted: takeover needs a heartbeat it can see is old. A missing row proves
      // nothing, since on PostgreSQL a row another instance is inserting right now is invisible to the
      // claimer's snapshot (that read stole a fresh leader's lease and rows in CI).
      await sql.query(`UPDATE "OutboxInstance" SET "heartbeatAt" = $2::timestamptz WHERE id = $1`, [
        instanceId,
        clock.now().minus({ milliseconds: ENDED_BACKDATE_MS }).toISO(),
      ]);
    },
  };
}
