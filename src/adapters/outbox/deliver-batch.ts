import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { Messengers } from "../../bots/messenger.js";
import type { Database } from "../prisma/client.js";
import { addressJobs, type Job } from "./addressing.js";
import type { DeliverOne } from "./deliver-one.js";
import type { OutboxDispatcherOptions, OutboxStats } from "./dispatch-options.js";
import type { FailurePolicy } from "./failure-policy.js";
import type { OutcomeRecorder, Round } from "./outcome-recorder.js";
import type { ClaimedRow } from "./queue.js";
import type { RateLimiter } from "./rate-limit.js";

export type BatchDeps = {
  db: Database;
  messengers: Messengers;
  clock: Clock;
  log: Logger;
  options: OutboxDispatcherOptions;
  stats: OutboxStats;
  limiter: RateLimiter;
  recorder: OutcomeRecorder;
  policy: FailurePolicy;
  deliver: DeliverOne;
};

/**
 * Delivers a round's claimed rows: one chat's rows in order, up to `concurrency` chats at once, so a slow or
 * busy chat never holds up the others.
 */
export function createBatchDelivery(deps: BatchDeps) {
  const { db, messengers, clock, log, options, stats, limiter, recorder, policy, deliver } = deps;

  /**
   * One chat's rows in order, each waiting its turn; the rows whose turn comes more than maxWaitMs after the
   * chat's first go back to the queue with later slots, so a busy chat never holds up a round.
   */
  async function deliverToChat(jobs: Job[], round: Round) {
    const start = clock.now();
    for (const [index, job] of jobs.entries()) {
      const now = clock.now();
      if (round.aborted) {
        for (const rest of jobs.slice(index)) recorder.keep(rest.row, policy.putBack(rest.row, now));
        return;
      }
      if (limiter.readyAt(job.to, now).diff(start).toMillis() > options.maxWaitMs) {
        const rest = jobs.slice(index);
        const slots = limiter.laterSlots(job.to, rest.length, now);
        for (const [i, later] of rest.entries()) {
          stats.deferred++;
          await recorder.settle(later.row, policy.putBack(later.row, slots[i]!), round);
        }
        return;
      }
      try {
        await deliver(job, round);
      } catch (error) {
        // A bug of ours, not the platform's or the database's: retried with backoff like a transient failure.
        log.error({ err: error, outboxId: job.row.id }, "delivering an outbox message failed unexpectedly");
        await recorder.settle(job.row, policy.retryOrPark(job.row, job.recipient, false, "transient", String(error)), round);
      }
    }
  }

  return async function deliverBatch(rows: ClaimedRow[]) {
    const round: Round = { aborted: false };
    let addressed: Awaited<ReturnType<typeof addressJobs>>;
    try {
      addressed = await addressJobs(db, messengers, rows);
    } catch (error) {
      // Nothing went out: the rows go back as they were, recorded first thing next round.
      for (const row of rows) recorder.keep(row, policy.putBack(row, clock.now()));
      throw error;
    }
    for (const { row, recipient } of addressed.unreachable) {
      log.warn({ outboxId: row.id, kind: row.kind, address: row.address }, "no running messenger can reach this outbox message");
      await recorder.settle(row, policy.failure(row, recipient, "unreachable", "no running messenger can reach the recipient"), round);
      stats.failed++;
    }
    const byChat = new Map<string, Job[]>();
    for (const job of addressed.jobs) {
      const key = `${job.to.platform}:${job.to.chatId}`;
      byChat.set(key, [...(byChat.get(key) ?? []), job]);
    }
    const chats = [...byChat.values()];
    let next = 0;
    const worker = async () => {
      while (next < chats.length) await deliverToChat(chats[next++]!, round);
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, chats.length) }, worker));
    limiter.prune(clock.now());
  };
}
