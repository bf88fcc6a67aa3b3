import type { DateTime } from "luxon";
import type { SqlRunner } from "../prisma/client.js";

export const ALERT_KIND = "admin.alert";

/** One failure as the admins' alert lists it: which message, for whom, and why, in catalog terms. */
export type FailureEntry = {
  id: string;
  kind: string;
  dueAt: string;
  recipient: string | null;
  /** unverified: a send that may have arrived, which the platform would never let us check. */
  reason: "permanent" | "transient" | "unreachable" | "unverified";
  attempts: number;
};

/**
 * Tells the workspace's owners and admins about a parked message, in the transaction that parks it, so
 * they hear of each failure exactly once. An admin whose previous alert has not gone out yet gets this
 * failure added to it: an outage that fails fifty reminders makes one alert, not fifty.
 */
export async function alertAdmins(tx: Omit<SqlRunner, "transaction">, workspaceId: string, entry: FailureEntry, at: DateTime) {
  const failed = JSON.stringify([entry]);
  await tx.query(
    `UPDATE "OutboxMessage" a SET payload = jsonb_set(a.payload, '{failed}', COALESCE(a.payload->'failed', '[]'::jsonb) || $2::jsonb)
      WHERE a."workspaceId" = $1::uuid AND a.kind = '${ALERT_KIND}' AND a.state = 'pending'
        AND a."recipientId" IN (SELECT id FROM "Member" WHERE "workspaceId" = $1::uuid AND role IN ('owner', 'admin'))`,
    [workspaceId, failed],
  );
  await tx.query(
    `INSERT INTO "OutboxMessage" (id, "workspaceId", kind, "recipientId", "dueAt", payload)
     SELECT gen_random_uuid(), m."workspaceId", '${ALERT_KIND}', m.id, $3::timestamptz, jsonb_build_object('failed', $2::jsonb)
       FROM "Member" m
      WHERE m."workspaceId" = $1::uuid AND m.role IN ('owner', 'admin')
        AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" a WHERE a."workspaceId" = m."workspaceId" AND a.kind = '${ALERT_KIND}'
                          AND a.state = 'pending' AND a."recipientId" = m.id)`,
    [workspaceId, failed, at.toISO()],
  );
}
