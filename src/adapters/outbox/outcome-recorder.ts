import type { Logger } from "../../log.js";
import type { ClaimedRow, Outcome, OutboxQueue } from "./queue.js";

/** One claim-send-record round. Once the database stops answering, the round is aborted: nothing more goes out. */
export type Round = { aborted: boolean };

/**
 * Writes each claimed row's outcome, and keeps in memory, in order, the outcomes the database did not take
 * (it was down), to be written first thing next round. Above all a "sent" must never be forgotten, or the
 * message goes out twice.
 */
export function createOutcomeRecorder({ queue, log }: { queue: OutboxQueue; log: Logger }) {
  const unwritten: Array<{ id: string; outcome: Outcome }> = [];

  return {
    async settle(row: ClaimedRow, outcome: Outcome, round: Round) {
      if (round.aborted) {
        unwritten.push({ id: row.id, outcome });
        return;
      }
      try {
        const recorded = await queue.settle(row.id, outcome);
        if (!recorded) log.warn({ outboxId: row.id, state: outcome.state }, "outbox claim ran out before the outcome was recorded");
      } catch (error) {
        // The database is away: keep the outcome (above all "sent") to write first thing next round, and send
        // nothing more this round, since nothing more could be recorded.
        round.aborted = true;
        unwritten.push({ id: row.id, outcome });
        log.warn({ err: error, outboxId: row.id }, "could not record an outbox outcome; will retry");
      }
    },

    /** Keeps an outcome for next round without trying the database now (it is known to be away). */
    keep(row: ClaimedRow, outcome: Outcome) {
      unwritten.push({ id: row.id, outcome });
    },

    /** Writes what earlier rounds could not, oldest first; throws (leaving the rest) while the database is away. */
    async flush() {
      while (unwritten.length) {
        const { id, outcome } = unwritten[0]!;
        const recorded = await queue.settle(id, outcome);
        if (!recorded) log.warn({ outboxId: id, state: outcome.state }, "outbox row was claimed again before its outcome was recorded");
        unwritten.shift();
      }
    },

    /** Outcomes still waiting for the database. */
    waiting: () => unwritten.length,
  };
}

export type OutcomeRecorder = ReturnType<typeof createOutcomeRecorder>;
