import type { DateTime } from "luxon";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { OutboxDispatcherOptions, OutboxStats } from "./dispatch-options.js";
import { ALERT_KIND, type FailureEntry } from "./admin-alert.js";
import type { ClaimedRow, Outcome } from "./queue.js";

/**
 * What becomes of a row that did not go out: put back untried, re-checked later, retried with backoff, or
 * parked as failed with one alert to the workspace's admins.
 */
export function createFailurePolicy({
  options,
  clock,
  log,
  stats,
}: {
  options: OutboxDispatcherOptions;
  clock: Clock;
  log: Logger;
  stats: OutboxStats;
}) {
  /** What a row goes back to when it is put off: a row that may have gone out stays one to check. */
  const restingState = (row: ClaimedRow, verified: boolean): "pending" | "uncertain" =>
    row.previousState !== "pending" && !verified ? "uncertain" : "pending";

  const backoff = (attempts: number) =>
    Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));

  /** Parked for good; admins hear about failed messages, never about failed alerts. */
  function failure(row: ClaimedRow, recipient: string | null, reason: FailureEntry["reason"], error: string): Outcome {
    return {
      state: "failed",
      error,
      at: clock.now(),
      alert:
        row.kind === ALERT_KIND
          ? null
          : { id: row.id, kind: row.kind, dueAt: row.dueAt.toISO()!, recipient, reason, attempts: row.attempts },
    };
  }

  return {
    failure,

    /** Back to the queue untried (a busy chat, a 429, a round cut short): the claim is not counted as an attempt. */
    putBack: (row: ClaimedRow, notBefore: DateTime, lastError: string | null = null, verified = false): Outcome => ({
      state: restingState(row, verified),
      notBefore,
      lastError,
      refundAttempt: true,
    }),

    recheckLater: (lastError: string): Outcome => ({
      state: "uncertain",
      notBefore: clock.now().plus({ milliseconds: options.uncertainRecheckMs }),
      lastError,
      refundAttempt: false,
    }),

    /** Another try after a backoff that doubles per attempt, or parked once the attempts are used up. */
    retryOrPark(row: ClaimedRow, recipient: string | null, verified: boolean, reason: FailureEntry["reason"], error: string): Outcome {
      if (row.attempts >= options.maxAttempts) {
        stats.failed++;
        log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, error }, "outbox message failed too often; parked as failed");
        return failure(row, recipient, reason, error);
      }
      stats.retried++;
      const wait = backoff(row.attempts);
      log.info({ outboxId: row.id, kind: row.kind, attempts: row.attempts, retryInMs: wait, error }, "outbox send failed; will retry");
      return { state: restingState(row, verified), notBefore: clock.now().plus({ milliseconds: wait }), lastError: error, refundAttempt: false };
    },
  };
}

export type FailurePolicy = ReturnType<typeof createFailurePolicy>;
