import type { DateTime } from "luxon";
import type { Platform } from "../../domain/members/member.js";
import { PLATFORMS } from "../../domain/members/member.js";
import { addressThreadOf, type OutboxItem } from "../../domain/reminders/outbox.js";
import type { SqlRunner } from "../prisma/client.js";
import { fromDb } from "../prisma/dates.js";
import type { ChatAddress, MessageRef } from "../../bots/messenger.js";
import { alertAdmins, type FailureEntry } from "./admin-alert.js";

/** A row this dispatcher now holds, with what it was before the claim. */
export type ClaimedRow = OutboxItem & {
  /** 'sending' (a claim that ran out) or 'uncertain' mean an earlier attempt may have reached the chat. */
  previousState: "pending" | "sending" | "uncertain";
  leaseUntil: DateTime;
};

/** How a claimed row ends this round. Every write is guarded by "still claimed by me", so it is safe to replay. */
export type Outcome =
  | { state: "sent"; ref: MessageRef; at: DateTime }
  /** Back in the queue, tried again at `notBefore`; `dueAt` keeps the time the message was meant for. */
  | { state: "pending" | "uncertain"; notBefore: DateTime; lastError: string | null; refundAttempt: boolean }
  | { state: "cancelled"; reason: string | null }
  | { state: "failed"; error: string; alert: FailureEntry | null; at: DateTime };

type RawRow = {
  id: string;
  workspaceId: string;
  kind: string;
  subjectId: string | null;
  recipientId: string | null;
  platform: Platform | null;
  chatId: string | null;
  dueAt: Date;
  attempts: number;
  late: boolean;
  payload: Record<string, unknown> | null;
  leaseUntil: Date;
  previous: ClaimedRow["previousState"];
};

/** The outbox as a queue, in raw SQL (SKIP LOCKED has no Prisma words): claim and settle. */
export function outboxQueue(sql: SqlRunner, instanceId: string) {
  const guard = `id = $1::uuid AND "claimedBy" = $2 AND state = 'sending'`;

  return {
    /**
     * Claims up to `limit` due rows: pending or uncertain ones whose time has come (and, when put back, whose
     * `leaseUntil` has passed), and 'sending' ones whose claim ran out (their dispatcher died). Rows another
     * claimer holds locked are skipped, never waited for. A row due before `lateBefore` is marked late, for good.
     * With `deadBefore`, a row claimed by an instance that has not beaten since then is taken over at once.
     */
    async claim({
      now,
      leaseUntil,
      limit,
      lateBefore,
      deadBefore,
    }: {
      now: DateTime;
      leaseUntil: DateTime;
      limit: number;
      lateBefore: DateTime;
      /** Instances whose last heartbeat is older than this are dead: their claims are free now. */
      deadBefore?: DateTime;
    }) {
      // Claiming is itself a heartbeat (the first statement), so a claimer that only ever claims is alive too.
      // Another instance's 'sending' row is free before its lease ends when that instance stopped beating;
      // this instance's own rows never are (they may be in flight right here).
      const rows = await sql.query<RawRow>(
        `WITH beat AS (
           INSERT INTO "OutboxInstance" (id, "heartbeatAt") VALUES ($3, $1::timestamptz)
           ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = EXCLUDED."heartbeatAt"
         )
         UPDATE "OutboxMessage" AS o
            SET state = 'sending', "leaseUntil" = $2::timestamptz, "claimedBy" = $3, attempts = o.attempts + 1,
                late = o.late OR o."dueAt" < $5::timestamptz
           FROM (SELECT m.id, m.state AS previous FROM "OutboxMessage" m
                  WHERE m.state IN ('pending', 'uncertain', 'sending') AND m."dueAt" <= $1::timestamptz
                    AND (m."leaseUntil" IS NULL OR m."leaseUntil" <= $1::timestamptz
                         OR ($6::timestamptz IS NOT NULL AND m.state = 'sending' AND m."claimedBy" IS DISTINCT FROM $3
                             AND EXISTS (SELECT 1 FROM "OutboxInstance" i
                                          WHERE i.id = m."claimedBy" AND i."heartbeatAt" <= $6::timestamptz)))
                  ORDER BY m."dueAt", m.id
                  LIMIT $4
                  FOR UPDATE OF m SKIP LOCKED) AS due
          WHERE o.id = due.id
      RETURNING o.id, o."workspaceId", o.kind, o."subjectId", o."recipientId", o.platform, o."chatId", o."dueAt",
                o.attempts, o.late, o.payload, o."leaseUntil", due.previous`,
        [now.toISO(), leaseUntil.toISO(), instanceId, limit, lateBefore.toISO(), deadBefore?.toISO() ?? null],
      );
      return rows
        .map((row): ClaimedRow => ({
          id: row.id,
          workspaceId: row.workspaceId,
          kind: row.kind,
          subjectId: row.subjectId,
          recipientId: row.recipientId,
          address: row.platform && row.chatId ? { platform: row.platform, chatId: row.chatId, ...addressThreadOf(row.payload ?? {}) } : null,
          dueAt: fromDb(row.dueAt),
          attempts: row.attempts,
          late: row.late,
          payload: row.payload ?? {},
          leaseUntil: fromDb(row.leaseUntil),
          previousState: row.previous,
        }))
        .sort((a, b) => a.dueAt.toMillis() - b.dueAt.toMillis() || a.id.localeCompare(b.id));
    },

    /** When the next row falls due (pending or to re-check), so an idle loop can wake up just in time. */
    async nextDueAt(): Promise<DateTime | null> {
      const [row] = await sql.query<{ at: Date | null }>(
        `SELECT min(GREATEST("dueAt", "leaseUntil")) AS at FROM "OutboxMessage" WHERE state IN ('pending', 'uncertain')`,
      );
      return row?.at ? fromDb(row.at) : null;
    },

    /** Writes a claimed row's outcome. False when the row is no longer this dispatcher's (its claim ran out). */
    async settle(id: string, outcome: Outcome): Promise<boolean> {
      switch (outcome.state) {
        case "sent": {
          const rows = await sql.query(
            `UPDATE "OutboxMessage" SET state = 'sent', "sentPlatform" = $3::"Platform", "sentChatId" = $4, "messageId" = $5,
                    "sentAt" = $6::timestamptz, "leaseUntil" = NULL, "lastError" = NULL
              WHERE ${guard} RETURNING id`,
            [id, instanceId, outcome.ref.platform, outcome.ref.chatId, outcome.ref.messageId, outcome.at.toISO()],
          );
          return rows.length === 1;
        }
        case "pending":
        case "uncertain": {
          const rows = await sql.query(
            `UPDATE "OutboxMessage" SET state = $3::"OutboxState", "leaseUntil" = $4::timestamptz, "lastError" = $5,
                    attempts = attempts - $6::int
              WHERE ${guard} RETURNING id`,
            [id, instanceId, outcome.state, outcome.notBefore.toISO(), outcome.lastError, outcome.refundAttempt ? 1 : 0],
          );
          return rows.length === 1;
        }
        case "cancelled": {
          const rows = await sql.query(
            `UPDATE "OutboxMessage" SET state = 'cancelled', "lastError" = $3, "leaseUntil" = NULL WHERE ${guard} RETURNING id`,
            [id, instanceId, outcome.reason],
          );
          return rows.length === 1;
        }
        case "failed":
          return sql.transaction(async (tx) => {
            const rows = await tx.query<{ workspaceId: string }>(
              `UPDATE "OutboxMessage" SET state = 'failed', "lastError" = $3, "leaseUntil" = NULL
                WHERE ${guard} RETURNING "workspaceId"`,
              [id, instanceId, outcome.error],
            );
            const parked = rows[0];
            if (!parked) return false;
            if (outcome.alert) await alertAdmins(tx, parked.workspaceId, outcome.alert, outcome.at);
            return true;
          });
      }
    },
  };
}

export type OutboxQueue = ReturnType<typeof outboxQueue>;

/** `payload.fallback`: the chat a command came from, where a reminder goes when the DM cannot be delivered. */
export function fallbackOf(payload: Record<string, unknown>): ChatAddress | null {
  const fallback = payload.fallback as { platform?: unknown; chatId?: unknown; threadId?: unknown } | undefined;
  if (!fallback || typeof fallback.chatId !== "string") return null;
  const platform = fallback.platform;
  // The forum topic the command came from, so the reminder lands where it was asked for.
  const thread = typeof fallback.threadId === "string" ? { threadId: fallback.threadId } : {};
  return (PLATFORMS as readonly unknown[]).includes(platform) ? { platform: platform as Platform, chatId: fallback.chatId, ...thread } : null;
}
