import type { DateTime } from "luxon";
import type { AnswerRows, Inbox, InboxEntry, InboxState } from "../../bots/inbox/inbox.js";
import type { Database } from "./client.js";
import { fromDb } from "./dates.js";
import { intakeBatcher } from "./inbox.intake.js";
import { enqueue } from "./outbox.prisma-repo.js";
import { ambientTx, atomic, rawQuery, readingOnly, workspaceAfter } from "./tx.js";

type Row = { key: string; request: Record<string, unknown> | null; state: InboxState; receivedAt: Date; reply: unknown; workspaceId: string | null };

const COLUMNS = `key, request, state, "receivedAt", reply, "workspaceId"`;

const toEntry = (row: Row): InboxEntry => ({
  key: row.key,
  request: row.request ?? {},
  state: row.state,
  receivedAt: fromDb(row.receivedAt),
  reply: row.reply,
  workspaceId: row.workspaceId,
});

/** File bytes (an invoice PDF) are not kept: a repeat is answered without a second copy of the file. */
const replyJson = (value: unknown) => JSON.stringify(value ?? null, (_key, v: unknown) => (v instanceof Uint8Array ? undefined : v));

/**
 * PostgreSQL's JSON takes neither NUL nor half a surrogate pair. Each becomes U+0001, one UTF-16 unit for
 * one, so Telegram's entity offsets still hold; the door's text cleaning removes it like any control.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const requestJson = (request: Record<string, unknown>) =>
  JSON.stringify(request, (_key, v: unknown) => (typeof v === "string" ? v.replace(UNSTORABLE, "\u0001") : v));

/** The SQLSTATE of the completion of an entry someone else completed first. */
const DONE_ALREADY = "TL001";

/** Thrown inside the work's transaction when another worker finished the entry first: rolls the work back. */
class AlreadyDone extends Error {}

/**
 * The inbox in the InboundDelivery table. The hot statements are raw SQL on the driver (no Prisma query
 * compilation on the way to an acknowledgement); the completion is the last statement of the work's transaction.
 */
export function prismaInbox(database: Pick<Database, "prisma" | "sql" | "intake">, { announce = false }: { announce?: boolean } = {}): Inbox {
  const { prisma: db, sql, intake } = database;
  const record = intakeBatcher(intake, { announce });

  async function read(key: string): Promise<InboxEntry | null> {
    const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM "InboundDelivery" WHERE key = $1`, [key]);
    return row ? toEntry(row) : null;
  }

  /**
   * Completes the entry with its reply, unless someone else did first: then the statement fails with TL001
   * (migration 20261203090000_inbox_done_already) and this returns false. An error rather than no row, so that
   * a COMMIT sent after it (`commit`) is skipped. Inside the work's transaction it is the last statement, and
   * the row stays locked to the commit, so a worker running the same key at the same time waits here and then
   * finds it done (its work, done twice, is kept once). A key that was never received (a door that calls the
   * dispatcher directly) is recorded here.
   */
  async function finish(key: string, workspaceId: string, now: DateTime, state: InboxState, reply: unknown, commit = false): Promise<boolean> {
    try {
      await rawQuery<{ key: string }>(
        db,
        `WITH done AS (
           INSERT INTO "InboundDelivery" (key, "workspaceId", state, reply, "receivedAt", "doneAt")
           VALUES ($1, $2::uuid, $3::"InboxState", $4::jsonb, $5::timestamptz, $5::timestamptz)
           ON CONFLICT (key) DO UPDATE SET "workspaceId" = EXCLUDED."workspaceId", state = EXCLUDED.state, reply = EXCLUDED.reply,
                  "doneAt" = EXCLUDED."doneAt", "leaseUntil" = CASE WHEN EXCLUDED.state = 'answered' THEN NULL ELSE "InboundDelivery"."leaseUntil" END
            WHERE "InboundDelivery".state = 'pending'
           RETURNING key)
         SELECT key FROM done UNION ALL SELECT "threadline_done_already"($1) WHERE NOT EXISTS (SELECT 1 FROM done)`,
        [key, workspaceId, state, replyJson(reply), now.toISO()],
        commit ? { commit: true } : undefined,
      );
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === DONE_ALREADY) return false;
      throw error;
    }
  }

  /**
   * The work's writes, the answer's outbox rows and the entry's completion, in one transaction, which the
   * completion commits in its own round trip when the transaction is this one's. A connection lost during
   * that round trip may have committed: the work is then tried once more (tx.ts), and its completion finds
   * the entry done, so what was done is kept once and the first reply answers.
   */
  const writing = <T>(key: string, workspaceId: string, now: DateTime, work: () => Promise<T>, answer?: AnswerRows<T>) => {
    const own = !ambientTx();
    return atomic(db, async (tx) => {
      const value = await work();
      const rows = answer?.(value) ?? null;
      const finalWorkspace = workspaceAfter(tx, workspaceId);
      for (const row of rows ?? []) await enqueue(tx, finalWorkspace, row);
      if (!(await finish(key, finalWorkspace, now, rows ? "answered" : "done", value, own))) throw new AlreadyDone();
      return value;
    });
  };

  /** Work that only reads, outside a transaction; the completion after it, alone or with the answer's rows. */
  async function reading<T>(key: string, workspaceId: string, now: DateTime, work: () => Promise<T>, answer?: AnswerRows<T>) {
    const value = await readingOnly(work);
    const rows = answer?.(value) ?? null;
    // Outbox rows to write need a transaction with the completion; the rows are made once, here.
    if (rows?.length) return writing(key, workspaceId, now, async () => value, () => rows);
    if (!(await finish(key, workspaceId, now, rows ? "answered" : "done", value))) throw new AlreadyDone();
    return value;
  }

  return {
    async receive(key, request, now, claim) {
      const isNew = await record({
        key,
        request: requestJson(request),
        holder: claim?.holder ?? null,
        leaseUntil: claim?.until.toISO() ?? null,
        receivedAt: now.toISO()!,
      });
      return isNew ? null : read(key);
    },

    async complete(key, workspaceId, now, work, answer, options) {
      try {
        const value = await (options?.reads ? reading : writing)(key, workspaceId, now, work, answer);
        return { value, duplicate: false };
      } catch (error) {
        if (!(error instanceof AlreadyDone)) throw error;
        const first = await read(key);
        return { value: first?.reply as never, duplicate: true };
      }
    },

    read,

    async answerLater(key, workspaceId, rows) {
      await atomic(db, async (tx) => {
        for (const row of rows) await enqueue(tx, workspaceId, row);
        await tx.inboundDelivery.updateMany({ where: { key, state: { not: "pending" } }, data: { state: "answered", leaseUntil: null } });
      });
    },

    async answered(keys) {
      if (keys.length === 0) return;
      await sql.query(
        `UPDATE "InboundDelivery" SET state = 'answered', "leaseUntil" = NULL WHERE key = ANY($1::text[]) AND state = 'done'`,
        [keys],
      );
    },

    async claimStale(platforms, now, claim, limit) {
      if (platforms.length === 0) return [];
      const rows = await sql.query<Row>(
        `UPDATE "InboundDelivery" AS d SET "claimedBy" = $2, "leaseUntil" = $3::timestamptz, attempts = d.attempts + 1
           FROM (SELECT key FROM "InboundDelivery"
                  WHERE state IN ('pending', 'done') AND ("leaseUntil" IS NULL OR "leaseUntil" <= $1::timestamptz)
                    AND split_part(key, ':', 1) = ANY($4::text[])
                  ORDER BY "receivedAt", key
                  LIMIT $5
                  FOR UPDATE SKIP LOCKED) AS stale
          WHERE d.key = stale.key
      RETURNING d.key, d.request, d.state, d."receivedAt", d.reply, d."workspaceId"`,
        [now.toISO(), claim.holder, claim.until.toISO(), platforms, limit],
      );
      return rows.map(toEntry).sort((a, b) => a.receivedAt.toMillis() - b.receivedAt.toMillis() || a.key.localeCompare(b.key));
    },

    async renew(claim) {
      await sql.query(
        `UPDATE "InboundDelivery" SET "leaseUntil" = $2::timestamptz WHERE "claimedBy" = $1 AND state IN ('pending', 'done')`,
        [claim.holder, claim.until.toISO()],
      );
    },

    async unworked(now, before, limit) {
      // Oldest first through the receivedAt index, and no further than `limit`: cheap however deep the backlog.
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT 1 FROM "InboundDelivery"
            WHERE "receivedAt" < $2::timestamptz AND state = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" <= $1::timestamptz)
            ORDER BY "receivedAt" LIMIT $3) AS waiting`,
        [now.toISO(), before.toISO(), limit],
      );
      return row!.n;
    },

    async release(holder, notBefore, keys) {
      await sql.query(
        `UPDATE "InboundDelivery" SET "claimedBy" = NULL, "leaseUntil" = $2::timestamptz
          WHERE "claimedBy" = $1 AND state IN ('pending', 'done') AND ($3::text[] IS NULL OR key = ANY($3::text[]))`,
        [holder, notBefore.toISO(), keys ?? null],
      );
    },
  };
}
