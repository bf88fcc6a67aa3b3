import { FOLD_AFTER_HOURS, FOLDED_KINDS } from "../../domain/reminders/digest.js";
import type { RateLimiterOptions } from "./rate-limit.js";

export type OutboxDispatcherOptions = {
  /** Rows claimed per round. */
  batchSize: number;
  /** Chats written to at the same time within a round. */
  concurrency: number;
  /** How long a claim holds a row; a dispatcher that dies loses its rows to another after this. */
  rowLeaseMs: number;
  /** How long the leader lease lasts unrenewed: the longest another instance waits to take over. */
  leaderLeaseMs: number;
  /** How often a running instance says it is alive (heartbeat.ts). */
  heartbeatMs: number;
  /**
   * An instance silent this long is dead: its leader lease and the rows it claimed are taken over without
   * waiting out `leaderLeaseMs` and `rowLeaseMs`.
   */
  heartbeatMissedMs: number;
  /** Longest pause between rounds when nothing is due sooner. */
  pollIntervalMs: number;
  /** A message whose chat is free within this long waits in-process; a longer wait puts it back in the queue. */
  maxWaitMs: number;
  /** Failures (transient or uncertain) after which a row is parked as failed and the admins are told. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** When an uncertain send is looked for (Slack) or sent again (Telegram). */
  uncertainRecheckMs: number;
  /** Due this long before it is claimed: late, and its composer is told so. */
  lateAfterMs: number;
  /**
   * Due this long before it is claimed: folded into the recipient's digest rather than sent (kinds in
   * `foldKinds`), when they have a digest; else sent marked late. The domain's rule (FOLD_AFTER_HOURS).
   */
  foldAfterMs: number;
  foldKinds: readonly string[];
  /** The loop's pause after a failed round (the database is down): doubled per failure up to the max. */
  errorBackoffMs: number;
  errorBackoffMaxMs: number;
  rateLimits: RateLimiterOptions;
  /** Finished outbox rows and the inbound delivery log are pruned after this many days (CRM_RETENTION_DAYS). */
  retentionDays: number;
  /** How often the leader prunes them. */
  retentionEveryMs: number;
};

export const defaultOutboxOptions: OutboxDispatcherOptions = {
  batchSize: 100,
  concurrency: 32,
  rowLeaseMs: 60_000,
  leaderLeaseMs: 15_000,
  heartbeatMs: 5_000,
  // Two missed beats: with the 3 s poll of a waiting instance, a dead one's work moves on within 15 s.
  heartbeatMissedMs: 10_000,
  pollIntervalMs: 500,
  maxWaitMs: 2_000,
  maxAttempts: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
  uncertainRecheckMs: 10_000,
  lateAfterMs: 5 * 60_000,
  foldAfterMs: FOLD_AFTER_HOURS * 60 * 60_000,
  foldKinds: FOLDED_KINDS,
  errorBackoffMs: 1_000,
  errorBackoffMaxMs: 30_000,
  rateLimits: { headroom: 0.97 },
  retentionDays: 30,
  retentionEveryMs: 60 * 60_000,
};

export type OutboxStats = {
  sent: number;
  cancelled: number;
  folded: number;
  /** Put back because their chat (or the platform) was not free yet. */
  deferred: number;
  rateLimited: number;
  /** Transient failures that were scheduled again with backoff. */
  retried: number;
  uncertain: number;
  failed: number;
  /** Uncertain or interrupted sends found already in the chat (Slack) and recorded without posting again. */
  foundAlreadySent: number;
  /** Sends again of messages that may already have arrived, where the platform cannot tell (Telegram). */
  possibleDuplicates: number;
  late: number;
};

export const emptyStats = (): OutboxStats => ({
  sent: 0,
  cancelled: 0,
  folded: 0,
  deferred: 0,
  rateLimited: 0,
  retried: 0,
  uncertain: 0,
  failed: 0,
  foundAlreadySent: 0,
  possibleDuplicates: 0,
  late: 0,
});
