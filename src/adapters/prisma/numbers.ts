import { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "./client.js";
import { apartConnection, rawSql } from "./tx.js";

/**
 * The counter is planned for each run, never from a kept (generic) plan: it is short and cheap to plan
 * (0.17 ms). A generic plan is made while the tables are small, and one made so checked whether the contact
 * exists through the (workspaceId, number) index, reading every contact of the workspace: 4.4 ms a lead at
 * 5,000 contacts, growing (issue 12, on PostgreSQL, and again on PGlite once its statements were named).
 * On the counter connections the session says so (`plan_cache_mode`), and the statement stays named, parsed
 * once; in a transaction it is sent unnamed (`planEachRun`).
 */
const PLAN_EACH_RUN = { planEachRun: true };

/**
 * The counter connections' session settings: no waiting for the disk, a lock timeout (see numbersFor), and a
 * plan made for each run (above).
 */
export const NUMBERS_SETTINGS = "-c synchronous_commit=off -c lock_timeout=500 -c plan_cache_mode=force_custom_plan";

/** PostgreSQL's lock_not_available: the lock timeout ran out. */
const LOCK_TIMEOUT = "55P03";

/**
 * Per-workspace numbers (lead #7, task #12) are counters on the workspace's row.
 *
 * Taken inside the record's transaction, that row stays locked until the transaction commits, and the commit
 * includes its disk flush. So every create in a busy workspace waited for the one before it. Measured in
 * issue 12: 50 people adding leads in one team got 153 leads/s, and the create statement waited 39 ms on average.
 * With the counter out of the way, the same load got 219/s, and PostgreSQL's CPU per lead fell from 4.2 to 2.8 ms.
 *
 * So on PostgreSQL a number is taken apart. The counter's UPDATE runs on connections of their own, commits at
 * once, and does not wait for the disk (`synchronous_commit` off). The record's transaction then only writes
 * the number it was given. Why skipping the flush is safe:
 * - the record's own commit does wait for the disk, and the write-ahead log is flushed in order, so a record
 *   that survives a crash has a counter that survives it too;
 * - a counter lost in a crash belongs to a record lost with it.
 *
 * The cost is a gap: a record whose transaction rolls back after taking its number leaves that number unused
 * (a failed create, a retry after a lost connection). The next record never reuses it.
 *
 * The counter runs in the record's own transaction instead, holding the row to its commit as before, when:
 * - the database is PGlite: it has one connection, which the transaction holds;
 * - the workspace is new in this very transaction: another connection cannot see its row yet;
 * - the row is locked for longer than the lock timeout: a transaction that changes the workspace (its
 *   settings), or, in theory, the work's own transaction, which the other connection would wait for forever.
 *
 * Either way the counter is a statement of its own, and the create statement is given the numbers as
 * parameters: one text for the create, whose kept plan does not depend on them.
 *
 * `numbersFor` runs `counter` (an UPDATE of the workspace's row that returns the numbers, as integers) and
 * gives the body of the create statement's numbers CTE: the numbers it returned, as parameters.
 */
export async function numbersFor(db: Db, counter: Prisma.Sql): Promise<Prisma.Sql> {
  const taken = (await takeApart(db, counter)) ?? (await rawSql<Record<string, number>>(db, counter, PLAN_EACH_RUN))[0];
  if (!taken) throw new Error("no workspace to number the record in");
  // The column names are the counter's own RETURNING list.
  return Prisma.sql`SELECT ${Prisma.join(Object.entries(taken).map(([column, value]) => Prisma.sql`${value}::int AS ${Prisma.raw(`"${column}"`)}`))}`;
}

/** The counter's row from its connections, or null when it cannot be taken there. */
async function takeApart(db: Db, counter: Prisma.Sql): Promise<Record<string, number> | null> {
  const apart = apartConnection(db);
  if (!apart) return null;
  try {
    const { rows } = await apart.query(counter.text, counter.values);
    return (rows[0] as Record<string, number> | undefined) ?? null;
  } catch (error) {
    if ((error as { code?: unknown }).code === LOCK_TIMEOUT) return null;
    throw error;
  }
}
