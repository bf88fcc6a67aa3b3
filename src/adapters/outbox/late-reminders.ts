import type { DateTime } from "luxon";
import type { SqlRunner } from "../prisma/client.js";

/**
 * The one rule for late reminders: a reminder whose time has passed is sent, marked late. Only when it is
 * more than `before` late (a day, by default) and its recipient has a digest coming (a pending "digest" row:
 * digests are on for them) is it folded into that digest instead, which lists overdue work anyway and says
 * it better than a burst of stale pings. With digests off nothing is folded, so nothing is lost silently.
 * Returns how many were folded.
 */
export async function foldLateReminders(sql: SqlRunner, { before, kinds }: { before: DateTime; kinds: readonly string[] }): Promise<number> {
  if (kinds.length === 0) return 0;
  const rows = await sql.query<{ id: string }>(
    `UPDATE "OutboxMessage" o SET state = 'cancelled', late = true, "lastError" = 'folded into digest'
      WHERE o.state = 'pending' AND o."dueAt" < $1::timestamptz AND o.kind = ANY($2::text[])
        AND EXISTS (SELECT 1 FROM "OutboxMessage" d
                     WHERE d."workspaceId" = o."workspaceId" AND d."recipientId" = o."recipientId"
                       AND d.kind = 'digest' AND d.state IN ('pending', 'sending', 'uncertain'))
  RETURNING o.id`,
    [before.toISO(), [...kinds]],
  );
  return rows.length;
}
