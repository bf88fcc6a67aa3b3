import type { Dispatcher } from "../../bots/commands/dispatch.js";
import type { Composer } from "../../bots/reminders/composer.js";
import type { Reply } from "../../bots/render/reply.js";
import type { ChatAddress, Messengers } from "../../bots/messenger.js";
import type { CommandContext } from "../../bots/commands/registry.js";
import type { ChatRepo } from "../../domain/members/chat.repo.js";
import type { OutboxItem } from "../../domain/reminders/outbox.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { Job } from "./addressing.js";
import { checkBeforeResend } from "./careful-resend.js";
import type { OutboxDispatcherOptions, OutboxStats } from "./dispatch-options.js";
import type { FailurePolicy } from "./failure-policy.js";
import type { OutcomeRecorder, Round } from "./outcome-recorder.js";
import type { PacedSender } from "./paced-send.js";
import type { ClaimedRow } from "./queue.js";

export type DeliveryDeps = {
  messengers: Messengers;
  composers: readonly Composer[];
  dispatcher: Pick<Dispatcher, "contextFor">;
  clock: Clock;
  log: Logger;
  options: OutboxDispatcherOptions;
  stats: OutboxStats;
  recorder: OutcomeRecorder;
  policy: FailurePolicy;
  sendPaced: PacedSender;
  /** Follows a chat to its new id (a Telegram group upgraded to a supergroup). */
  chats: ChatRepo;
};

/** Delivers one claimed row: look before a resend, compose, send (falling back from a refused DM), record. */
export function createDelivery(deps: DeliveryDeps) {
  const { messengers, dispatcher, clock, log, options, stats, recorder, policy, sendPaced } = deps;
  const composerByKind = new Map(deps.composers.map((composer) => [composer.kind, composer]));

  async function compose(job: Job, ctx: CommandContext): Promise<Reply | null> {
    const composer = composerByKind.get(job.row.kind);
    if (!composer) throw new Error(`no composer for outbox kind "${job.row.kind}"`);
    const reply = await composer.compose(toItem(job.row), ctx);
    // A person in several workspaces reads which one a reminder, request or digest comes from.
    if (!reply || !job.direct) return reply;
    return { ...reply, lines: [...(reply.lines ?? []), ctx.t("reminder.from_workspace", { workspace: job.actor.workspace.name })] };
  }

  /** The same message for the recipient's DM, with a word on why it is there and how to change that. */
  const forDm = (reply: Reply, from: ChatAddress, ctx: CommandContext): Reply => ({
    ...reply,
    lines: [...(reply.lines ?? []), ctx.t("outbox.not_member", { platform: from.platform })],
  });

  return async function deliver(job: Job, round: Round) {
    const { row } = job;
    const messenger = messengers[job.to.platform]!;

    const check = await checkBeforeResend(messenger, job);
    if (check.kind === "found") {
      stats.foundAlreadySent++;
      log.info({ outboxId: row.id, kind: row.kind }, "message found already delivered; recorded without sending again");
      await recorder.settle(row, { state: "sent", ref: check.ref, at: clock.now() }, round);
      return;
    }
    if (check.kind === "lookup_failed") {
      // Each look counts as an attempt: a chat that cannot be read (the bot is not in it) ends parked with one
      // alert instead of being looked at forever.
      const error = check.error instanceof Error ? check.error.message : String(check.error);
      if (row.attempts >= options.maxAttempts) {
        stats.failed++;
        log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, error }, "could never check whether an uncertain message arrived; parked");
        await recorder.settle(row, policy.failure(row, job.recipient, "unverified", error), round);
        return;
      }
      log.warn({ err: check.error, outboxId: row.id, attempts: row.attempts }, "could not check whether an uncertain message arrived");
      await recorder.settle(row, policy.recheckLater(error), round);
      stats.uncertain++;
      return;
    }
    const verified = check.kind === "absent";

    const ctx = dispatcher.contextFor(job.actor);
    let reply: Reply | null;
    try {
      reply = await compose(job, ctx);
    } catch (error) {
      log.error({ err: error, outboxId: row.id, kind: row.kind }, "composing an outbox message failed");
      const message = `compose: ${error instanceof Error ? error.message : String(error)}`;
      await recorder.settle(row, policy.retryOrPark(row, job.recipient, verified, "transient", message), round);
      return;
    }
    if (reply === null) {
      stats.cancelled++;
      await recorder.settle(row, { state: "cancelled", reason: null }, round);
      return;
    }

    // Read in the composer's language; a message with a recipient is for that one person.
    const reader = { locale: ctx.fmt.locale, ...(job.recipient !== null ? { handle: job.actor.member.handle } : {}) };
    let to = job.to;
    let attempt = await sendPaced(row, to, reply, round, job.edit, reader);
    if (attempt.kind === "error" && attempt.error.kind === "moved" && attempt.error.movedTo) {
      // The group became a supergroup: every stored reference to it follows (one transaction), then the
      // message goes to the new id. A message to edit stayed behind in the old chat, so it is posted anew.
      log.info({ outboxId: row.id, from: to.chatId, to: attempt.error.movedTo }, "chat moved to a new id; following it");
      await deps.chats.moveChat(to.platform, to.chatId, attempt.error.movedTo);
      to = { ...to, chatId: attempt.error.movedTo };
      attempt = await sendPaced(row, to, reply, round, null, reader);
    }
    if (attempt.kind === "error" && attempt.error.notMember && job.dm) {
      // The bot is not in that chat (Slack not_in_channel, removed from a Telegram group): the person's DM,
      // telling them to invite the bot.
      log.info({ outboxId: row.id, chatId: to.chatId, error: attempt.error.message }, "the bot is not in the chat; sending to the DM");
      const from = to;
      to = job.dm;
      attempt = await sendPaced(row, to, forDm(reply, from, ctx), round, null, reader);
    } else if (attempt.kind === "error" && attempt.error.kind === "permanent" && job.fallback) {
      // The DM is closed to us (never started, blocked): the chat the command came from instead.
      log.info({ outboxId: row.id, error: attempt.error.message }, "direct message refused; using the fallback chat");
      to = job.fallback;
      attempt = await sendPaced(row, to, reply, round, null, reader);
    }

    switch (attempt.kind) {
      case "sent":
        stats.sent++;
        if (row.late) stats.late++;
        if (row.previousState !== "pending" && !verified) {
          stats.possibleDuplicates++;
          log.warn(
            { outboxId: row.id, kind: row.kind, platform: to.platform, chatId: to.chatId, previousState: row.previousState },
            "sent again a message that may already have arrived (possible duplicate)",
          );
        }
        await recorder.settle(row, { state: "sent", ref: attempt.ref, at: clock.now() }, round);
        return;
      case "later":
        stats.deferred++;
        await recorder.settle(row, policy.putBack(row, attempt.at, null, verified), round);
        return;
      case "error": {
        const { error } = attempt;
        switch (error.kind) {
          case "rate_limited":
            stats.rateLimited++;
            log.warn(
              { outboxId: row.id, platform: to.platform, chatId: to.chatId, retryAfterMs: error.retryAfterMs },
              "rate limited by the platform",
            );
            await recorder.settle(
              row,
              policy.putBack(row, clock.now().plus({ milliseconds: error.retryAfterMs ?? 1000 }), error.message, verified),
              round,
            );
            return;
          case "moved":
          case "permanent":
            stats.failed++;
            log.warn({ outboxId: row.id, kind: row.kind, error: error.message }, "outbox message refused for good; parked as failed");
            await recorder.settle(row, policy.failure(row, job.recipient, "permanent", error.message), round);
            return;
          case "uncertain":
            if (row.attempts >= options.maxAttempts) {
              await recorder.settle(row, policy.retryOrPark(row, job.recipient, verified, "transient", error.message), round);
              return;
            }
            stats.uncertain++;
            log.warn({ outboxId: row.id, kind: row.kind, error: error.message }, "send may or may not have arrived; will check");
            await recorder.settle(row, policy.recheckLater(error.message), round);
            return;
          case "transient":
            await recorder.settle(row, policy.retryOrPark(row, job.recipient, verified, "transient", error.message), round);
            return;
        }
      }
    }
  };
}

export type DeliverOne = ReturnType<typeof createDelivery>;

/** The row as composers see it, without the claim's bookkeeping. */
function toItem(row: ClaimedRow): OutboxItem {
  const { previousState: _previous, leaseUntil: _lease, ...item } = row;
  return item;
}
