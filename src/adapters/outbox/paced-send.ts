import type { DateTime } from "luxon";
import type { Reply } from "../../bots/render/reply.js";
import type { Clock } from "../../domain/shared/clock.js";
import { DeliveryError, type ChatAddress, type MessageRef, type Messengers, type SendOptions } from "../../bots/messenger.js";
import type { Round } from "./outcome-recorder.js";
import type { ClaimedRow } from "./queue.js";
import type { RateLimiter } from "./rate-limit.js";
import { sendOptionsFor } from "./reply-delivery.js";

export type Attempt =
  | { kind: "sent"; ref: MessageRef }
  | { kind: "error"; error: DeliveryError }
  /** Not tried: the chat is not free soon enough, the claim is running out, or the round was cut short. */
  | { kind: "later"; at: DateTime };

/**
 * Sends when the chat's and the platform's pace allow, waiting up to `maxWaitMs`; else says when to come
 * back. A 429 teaches the limiter the chat's wait.
 */
export function createPacedSender({
  messengers,
  limiter,
  clock,
  maxWaitMs,
  waitUntil,
}: {
  messengers: Messengers;
  limiter: RateLimiter;
  clock: Clock;
  maxWaitMs: number;
  waitUntil: (at: DateTime) => Promise<void>;
}) {
  /** Posts `reply` to `to`, or edits message `edit` there; `reader` says who reads a new post. */
  return async function sendPaced(
    row: ClaimedRow,
    to: ChatAddress,
    reply: Reply,
    round: Round,
    edit: string | null = null,
    reader?: SendOptions["reader"],
  ): Promise<Attempt> {
    const messenger = messengers[to.platform];
    if (!messenger) return { kind: "error", error: new DeliveryError("permanent", `no running messenger for ${to.platform}`) };
    for (;;) {
      let now = clock.now();
      // Our claim must outlive the send: a claim about to run out is left for the next round. And once the
      // database is gone, nothing more goes out that could not be recorded.
      if (round.aborted || now.plus({ milliseconds: maxWaitMs }) >= row.leaseUntil) return { kind: "later", at: now };
      const ready = limiter.readyAt(to, now);
      if (ready > now) {
        if (ready.diff(now).toMillis() > maxWaitMs) return { kind: "later", at: ready };
        await waitUntil(ready);
        continue;
      }
      const turn = limiter.takeTurn(to.platform, now);
      if (turn > now) await waitUntil(turn);
      now = clock.now();
      // A 429 that arrived while this one waited for its turn.
      if (limiter.readyAt(to, now) > now || round.aborted) continue;
      limiter.sent(to, now);
      try {
        if (edit === null) return { kind: "sent", ref: await messenger.send(to, reply, { ...sendOptionsFor(row, to), ...(reader ? { reader } : {}) }) };
        const ref = { ...to, messageId: edit };
        await messenger.edit(ref, reply);
        return { kind: "sent", ref };
      } catch (error) {
        const delivery = asDeliveryError(error);
        if (delivery.kind === "rate_limited") limiter.rateLimited(to, delivery.retryAfterMs ?? 1000, clock.now());
        return { kind: "error", error: delivery };
      }
    }
  };
}

export type PacedSender = ReturnType<typeof createPacedSender>;

/** An unclassified failure may have happened after the request left: treated as "may have gone out". */
export function asDeliveryError(error: unknown): DeliveryError {
  return error instanceof DeliveryError ? error : new DeliveryError("uncertain", error instanceof Error ? error.message : String(error));
}
