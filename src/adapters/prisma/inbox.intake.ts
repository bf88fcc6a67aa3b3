import type { SqlRunner } from "./client.js";

/**
 * One delivery to record: its key and the columns the insert writes. An unclaimed row (no holder, no lease)
 * is for whichever working instance takes it first (an intake instance's deliveries).
 */
export type IntakeRow = { key: string; request: string; holder: string | null; leaseUntil: string | null; receivedAt: string };

/** Told once per committed insert that recorded something, when the recorder asks for it (INBOX_ROLE=intake). */
export const INBOX_ARRIVALS = "threadline_inbox";

/** Rows per statement, at most (5 parameters each). */
const MAX_BATCH = 100;

/**
 * Records deliveries as they come, many per statement under load: while one insert is on its way, those
 * arriving meanwhile wait and go together in the next one (a group commit). An idle bot's ack still costs
 * one round trip; at a burst, dozens of acks share one instead of queueing for a connection each (on PGlite,
 * for the one connection, behind the work). Resolves true when the row is new, false when its key was
 * recorded before (a platform's retry, a redelivered update).
 */
export function intakeBatcher(intake: Pick<SqlRunner, "query">, { announce = false }: { announce?: boolean } = {}) {
  type Waiting = { row: IntakeRow; resolve(isNew: boolean): void; reject(error: unknown): void };
  let queue: Waiting[] = [];
  let running = false;

  async function insert(rows: IntakeRow[]): Promise<Set<string>> {
    const params: unknown[] = [];
    const values = rows.map((row, i) => {
      params.push(row.key, row.request, row.holder, row.leaseUntil, row.receivedAt);
      const p = i * 5;
      return `($${p + 1}, $${p + 2}::jsonb, 'pending', $${p + 3}, $${p + 4}::timestamptz, 1, $${p + 5}::timestamptz)`;
    });
    const insert = `INSERT INTO "InboundDelivery" (key, request, state, "claimedBy", "leaseUntil", attempts, "receivedAt")
       VALUES ${values.join(", ")}
       ON CONFLICT (key) DO NOTHING RETURNING key`;
    // The working instances hear of new rows in the same statement, at its commit: one notification for the
    // batch, since PostgreSQL folds a transaction's identical ones into one.
    const inserted = await intake.query<{ key: string }>(
      announce ? `WITH recorded AS (${insert}) SELECT key, pg_notify('${INBOX_ARRIVALS}', '') FROM recorded` : insert,
      params,
    );
    return new Set(inserted.map((row) => row.key));
  }

  async function settle(batch: Waiting[]) {
    // A key twice in one batch (a retry that came at once) is inserted once; the later copy is a repeat.
    const first = new Map<string, Waiting>();
    for (const waiting of batch) if (!first.has(waiting.row.key)) first.set(waiting.row.key, waiting);
    try {
      const inserted = await insert([...first.values()].map((waiting) => waiting.row));
      for (const waiting of batch) waiting.resolve(first.get(waiting.row.key) === waiting && inserted.has(waiting.row.key));
    } catch (error) {
      if (first.size === 1) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One row the database refuses must not refuse the others with it: each key goes again on its own,
      // its copies with it, so a copy is never called a repeat of a row that was refused.
      await Promise.all([...first.keys()].map((key) => settle(batch.filter((waiting) => waiting.row.key === key))));
    }
  }

  async function drain() {
    running = true;
    try {
      while (queue.length) await settle(queue.splice(0, MAX_BATCH));
    } finally {
      running = false;
    }
  }

  return (row: IntakeRow): Promise<boolean> =>
    new Promise((resolve, reject) => {
      queue.push({ row, resolve, reject });
      if (!running) void drain();
    });
}
