import type { DateTime } from "luxon";
import type { SqlRunner } from "../prisma/client.js";

/**
 * Cancels pending rows of `kinds` due before `before`: reminders so late that the digest, which lists
 * overdue work anyway, says it better than a burst of stale pings. Returns how many were folded.
 */
export async function foldLateReminders(sql: SqlRunner, { before, kinds }: { before: DateTime; kinds: readonly string[] }): Promise<number> {
  if (kinds.length === 0) return 0;
  const rows = await sql.query<{ id: string }>(
    `UPDATE "OutboxMessage" SET state = 'cancelled', late = true, "lastError" = 'folded into digest'
      WHERE state = 'pending' AND "dueAt" < $1::timestamptz AND kind = ANY($2::text[])
  RETURNING id`,
    [before.toISO(), [...kinds]],
  );
  return rows.length;
}
