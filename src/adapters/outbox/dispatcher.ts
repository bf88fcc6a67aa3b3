import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { DateTime } from "luxon";
import type { Dispatcher } from "../../bots/commands/dispatch.js";
import type { Composer } from "../../bots/reminders/composer.js";
import type { Reply } from "../../bots/render/reply.js";
import type { Actor, Member } from "../../domain/members/member.js";
import type { OutboxItem } from "../../domain/reminders/outbox.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import { DeliveryError, type ChatAddress, type MessageRef, type Messengers } from "../../bots/messenger.js";
import type { Database } from "../prisma/client.js";
import { memberSelect, toWorkspace, workspaceSelect } from "../prisma/member.prisma-repo.js";
import { createLeaderLease } from "./lease.js";
import { ALERT_KIND, fallbackOf, outboxQueue, type ClaimedRow, type FailureEntry, type Outcome } from "./queue.js";
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from "./rate-limit.js";

export type OutboxDispatcherOptions = {
  /** Rows claimed per round. */
  batchSize: number;
  /** Chats written to at the same time within a round. */
  concurrency: number;
  /** How long a claim holds a row; a dispatcher that dies loses its rows to another after this. */
  rowLeaseMs: number;
  /** How long the leader lease lasts unrenewed: the longest another instance waits to take over. */
  leaderLeaseMs: number;
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
  /** Due this long before it is claimed: folded into the digest rather than sent (kinds in `foldKinds`). */
  foldAfterMs: number;
  foldKinds: readonly string[];
  /** The loop's pause after a failed round (the database is down): doubled per failure up to the max. */
  errorBackoffMs: number;
  errorBackoffMaxMs: number;
  rateLimits: RateLimiterOptions;
};

export const defaultOutboxOptions: OutboxDispatcherOptions = {
  batchSize: 100,
  concurrency: 32,
  rowLeaseMs: 60_000,
  leaderLeaseMs: 15_000,
  pollIntervalMs: 500,
  maxWaitMs: 2_000,
  maxAttempts: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
  uncertainRecheckMs: 10_000,
  lateAfterMs: 5 * 60_000,
  foldAfterMs: 24 * 60 * 60_000,
  foldKinds: ["task.due", "lead.followup", "lead.stale"],
  errorBackoffMs: 1_000,
  errorBackoffMaxMs: 30_000,
  rateLimits: { headroom: 0.97 },
};

export type OutboxDispatcherDeps = {
  db: Database;
  /** Read at every send, so doors that start later are used as soon as they register here. */
  messengers: Messengers;
  dispatcher: Pick<Dispatcher, "contextFor">;
  composers: readonly Composer[];
  clock: Clock;
  log: Logger;
  /** Names this process in claims and in the leader lease: unique per running instance. */
  instanceId: string;
  options?: Partial<OutboxDispatcherOptions>;
  /** Waits until a moment on `clock` (a chat's turn). Tests with a fixed clock move the clock instead. */
  waitUntil?: (at: DateTime) => Promise<void>;
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

export type TickResult = {
  /** Whether this instance holds the leader lease; only the leader claims and sends. */
  leader: boolean;
  claimed: number;
  folded: number;
  /** When the next row falls due, as far as this round saw. */
  nextDueAt: DateTime | null;
};

const LEASE_NAME = "outbox";

/** "host:pid:random": readable in the claimedBy column and unique per process start. */
export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

type Job = { row: ClaimedRow; actor: Actor; to: ChatAddress; fallback: ChatAddress | null; recipient: string | null };

type Round = { aborted: boolean };

/**
 * The outbox dispatcher: claims due rows under a lease, composes each in its recipient's language and zone,
 * sends it at the pace the platform allows, and records where it went. Exactly one instance dispatches at a
 * time (a leader lease in the database); `tick()` is one claim-send-record round, `start()` runs rounds
 * until `stop()`.
 *
 * Delivery is at least once. Neither platform takes an idempotency key, so a crash between "the platform
 * accepted it" and "we recorded it" can repeat a message. The window is one UPDATE wide, a failed record
 * is retried from memory before anything else, and a row that may have gone out comes back as a careful
 * resend: looked for first where the platform can tell (Slack message metadata), else sent again and
 * counted as a possible duplicate.
 */
export function createOutboxDispatcher(deps: OutboxDispatcherDeps) {
  const { db, messengers, dispatcher, clock, log, instanceId } = deps;
  const options: OutboxDispatcherOptions = { ...defaultOutboxOptions, ...deps.options };
  const queue = outboxQueue(db.sql, instanceId);
  const lease = createLeaderLease(db.sql, { name: LEASE_NAME, holder: instanceId, ttlMs: options.leaderLeaseMs, clock });
  const limiter: RateLimiter = createRateLimiter(options.rateLimits);
  const composerByKind = new Map(deps.composers.map((composer) => [composer.kind, composer]));
  const waitUntil =
    deps.waitUntil ??
    ((at: DateTime) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at.toMillis() - clock.now().toMillis()))));
  const stats: OutboxStats = {
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
  };
  /** Outcomes the database did not take (it was down): written, in order, before the next round claims. */
  const unwritten: Array<{ id: string; outcome: Outcome }> = [];
  let leaderUntil: DateTime | null = null;

  async function flushUnwritten() {
    while (unwritten.length) {
      const { id, outcome } = unwritten[0]!;
      const recorded = await queue.settle(id, outcome);
      if (!recorded) log.warn({ outboxId: id, state: outcome.state }, "outbox row was claimed again before its outcome was recorded");
      unwritten.shift();
    }
  }

  async function leadership(): Promise<boolean> {
    const now = clock.now();
    // Renew at half-time; in between, a round costs no write for the lease.
    if (leaderUntil && now < leaderUntil.minus({ milliseconds: options.leaderLeaseMs / 2 })) return true;
    const held = await lease.acquire();
    const was = leaderUntil !== null;
    leaderUntil = held ? now.plus({ milliseconds: options.leaderLeaseMs }) : null;
    if (held && !was) log.info({ instanceId }, "this instance now dispatches the outbox");
    if (!held && was) log.warn({ instanceId }, "another instance took over the outbox");
    return held;
  }

  async function settle(row: ClaimedRow, outcome: Outcome, round: Round) {
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
  }

  /** What a row goes back to when it is put off: a row that may have gone out stays one to check. */
  const restingState = (row: ClaimedRow, verified: boolean): "pending" | "uncertain" =>
    row.previousState !== "pending" && !verified ? "uncertain" : "pending";

  /** Back to the queue untried (a busy chat, a 429, a round cut short): the claim is not counted as an attempt. */
  const putBack = (row: ClaimedRow, notBefore: DateTime, lastError: string | null = null, verified = false): Outcome => ({
    state: restingState(row, verified),
    notBefore,
    lastError,
    refundAttempt: true,
  });

  const recheckLater = (lastError: string): Outcome => ({
    state: "uncertain",
    notBefore: clock.now().plus({ milliseconds: options.uncertainRecheckMs }),
    lastError,
    refundAttempt: false,
  });

  const backoff = (attempts: number) =>
    Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));

  function failure(row: ClaimedRow, recipient: string | null, reason: FailureEntry["reason"], error: string): Outcome {
    return {
      state: "failed",
      error,
      at: clock.now(),
      // Admins hear about failed messages, never about failed alerts.
      alert:
        row.kind === ALERT_KIND
          ? null
          : { id: row.id, kind: row.kind, dueAt: row.dueAt.toISO()!, recipient, reason, attempts: row.attempts },
    };
  }

  /** Who each row is for and where it goes: its explicit chat, else the recipient's DM on a running platform. */
  async function addressJobs(rows: ClaimedRow[], round: Round): Promise<Job[]> {
    const memberIds = [...new Set(rows.flatMap((row) => (row.recipientId ? [row.recipientId] : [])))];
    const workspaceIds = [...new Set(rows.filter((row) => !row.recipientId).map((row) => row.workspaceId))];
    const [members, workspaces] = await Promise.all([
      memberIds.length
        ? db.prisma.member.findMany({
            where: { id: { in: memberIds } },
            select: {
              ...memberSelect,
              workspace: { select: workspaceSelect },
              identities: { select: { platform: true, externalUserId: true }, orderBy: { createdAt: "desc" } },
            },
          })
        : [],
      workspaceIds.length
        ? db.prisma.workspace.findMany({
            where: { id: { in: workspaceIds } },
            select: {
              ...workspaceSelect,
              members: { select: memberSelect, orderBy: [{ role: "asc" }, { createdAt: "asc" }], take: 1 },
            },
          })
        : [],
    ]);
    const memberById = new Map(members.map((member) => [member.id, member]));
    const workspaceById = new Map(workspaces.map((workspace) => [workspace.id, workspace]));

    const jobs: Job[] = [];
    for (const row of rows) {
      let actor: Actor | null = null;
      let dm: ChatAddress | null = null;
      let recipient: string | null = null;
      if (row.recipientId) {
        const found = memberById.get(row.recipientId);
        if (found) {
          const { workspace, identities, ...member } = found;
          actor = { workspace: toWorkspace(workspace), member };
          recipient = member.displayName;
          // A DM (Slack: the user id as channel; Telegram: the user id as chat id) on a platform this instance
          // runs, the identity linked most recently first.
          const identity = identities.find((candidate) => messengers[candidate.platform]);
          if (identity) dm = { platform: identity.platform, chatId: identity.externalUserId };
        }
      } else {
        // A post into a channel has no recipient: it is read in the workspace's language and zone, with the
        // workspace's owner as the actor composers see.
        const found = workspaceById.get(row.workspaceId);
        const owner = found?.members[0];
        if (found && owner) {
          const { members: _, ...workspace } = found;
          actor = { workspace: toWorkspace(workspace), member: { ...owner, locale: null, timezone: null } satisfies Member };
        }
      }
      const running = (address: ChatAddress | null) => (address && messengers[address.platform] ? address : null);
      const fallback = running(fallbackOf(row.payload));
      const to = running(row.address ?? dm) ?? fallback;
      if (!actor || !to) {
        log.warn({ outboxId: row.id, kind: row.kind, address: row.address }, "no running messenger can reach this outbox message");
        await settle(row, failure(row, recipient, "unreachable", "no running messenger can reach the recipient"), round);
        stats.failed++;
        continue;
      }
      jobs.push({ row, actor, to, fallback: fallback && sameChat(fallback, to) ? null : fallback, recipient });
    }
    return jobs;
  }

  type Attempt =
    | { kind: "sent"; ref: MessageRef }
    | { kind: "error"; error: DeliveryError }
    | { kind: "later"; at: DateTime };

  /** Sends when the chat's and the platform's pace allow, waiting up to maxWaitMs; else says when to come back. */
  async function sendPaced(row: ClaimedRow, to: ChatAddress, reply: Reply, round: Round): Promise<Attempt> {
    const messenger = messengers[to.platform];
    if (!messenger) return { kind: "error", error: new DeliveryError("permanent", `no running messenger for ${to.platform}`) };
    for (;;) {
      let now = clock.now();
      // Our claim must outlive the send: a claim about to run out is left for the next round. And once the
      // database is gone, nothing more goes out that could not be recorded.
      if (round.aborted || now.plus({ milliseconds: options.maxWaitMs }) >= row.leaseUntil) return { kind: "later", at: now };
      const ready = limiter.readyAt(to, now);
      if (ready > now) {
        if (ready.diff(now).toMillis() > options.maxWaitMs) return { kind: "later", at: ready };
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
        return { kind: "sent", ref: await messenger.send(to, reply, { outboxId: row.id }) };
      } catch (error) {
        // An unclassified failure may have happened after the request left: treat it as "may have gone out".
        const delivery =
          error instanceof DeliveryError ? error : new DeliveryError("uncertain", error instanceof Error ? error.message : String(error));
        if (delivery.kind === "rate_limited") limiter.rateLimited(to, delivery.retryAfterMs ?? 1000, clock.now());
        return { kind: "error", error: delivery };
      }
    }
  }

  async function deliver(job: Job, round: Round) {
    const { row, actor } = job;
    const messenger = messengers[job.to.platform]!;
    let verified = false;

    // A row that may have gone out: where the platform can tell, look before posting again.
    if (row.previousState !== "pending" && messenger.findSent) {
      try {
        const found = await messenger.findSent(job.to, row.id);
        if (found) {
          stats.foundAlreadySent++;
          log.info({ outboxId: row.id, kind: row.kind }, "message found already delivered; recorded without sending again");
          await settle(row, { state: "sent", ref: found, at: clock.now() }, round);
          return;
        }
        verified = true;
      } catch (error) {
        log.warn({ err: error, outboxId: row.id }, "could not check whether an uncertain message arrived");
        await settle(row, recheckLater(String(error)), round);
        stats.uncertain++;
        return;
      }
    }

    const composer = composerByKind.get(row.kind);
    let reply: Reply | null;
    try {
      if (!composer) throw new Error(`no composer for outbox kind "${row.kind}"`);
      const item: OutboxItem = {
        id: row.id,
        workspaceId: row.workspaceId,
        kind: row.kind,
        subjectId: row.subjectId,
        recipientId: row.recipientId,
        address: row.address,
        dueAt: row.dueAt,
        attempts: row.attempts,
        late: row.late,
        payload: row.payload,
      };
      reply = await composer.compose(item, dispatcher.contextFor(actor));
    } catch (error) {
      log.error({ err: error, outboxId: row.id, kind: row.kind }, "composing an outbox message failed");
      await settle(row, retryOrPark(job, verified, "transient", `compose: ${error instanceof Error ? error.message : String(error)}`), round);
      return;
    }
    if (reply === null) {
      stats.cancelled++;
      await settle(row, { state: "cancelled", reason: null }, round);
      return;
    }

    let to = job.to;
    let attempt = await sendPaced(row, to, reply, round);
    if (attempt.kind === "error" && attempt.error.kind === "permanent" && job.fallback) {
      // The DM is closed to us (never started, blocked): the chat the command came from instead.
      log.info({ outboxId: row.id, error: attempt.error.message }, "direct message refused; using the fallback chat");
      to = job.fallback;
      attempt = await sendPaced(row, to, reply, round);
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
        await settle(row, { state: "sent", ref: attempt.ref, at: clock.now() }, round);
        return;
      case "later":
        stats.deferred++;
        await settle(row, putBack(row, attempt.at, null, verified), round);
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
            await settle(row, putBack(row, clock.now().plus({ milliseconds: error.retryAfterMs ?? 1000 }), error.message, verified), round);
            return;
          case "permanent":
            stats.failed++;
            log.warn({ outboxId: row.id, kind: row.kind, error: error.message }, "outbox message refused for good; parked as failed");
            await settle(row, failure(row, job.recipient, "permanent", error.message), round);
            return;
          case "uncertain":
            if (row.attempts >= options.maxAttempts) {
              await settle(row, retryOrPark(job, verified, "transient", error.message), round);
              return;
            }
            stats.uncertain++;
            log.warn({ outboxId: row.id, kind: row.kind, error: error.message }, "send may or may not have arrived; will check");
            await settle(row, recheckLater(error.message), round);
            return;
          case "transient":
            await settle(row, retryOrPark(job, verified, "transient", error.message), round);
            return;
        }
      }
    }
  }

  function retryOrPark(job: Job, verified: boolean, reason: FailureEntry["reason"], error: string): Outcome {
    const { row } = job;
    if (row.attempts >= options.maxAttempts) {
      stats.failed++;
      log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, error }, "outbox message failed too often; parked as failed");
      return failure(row, job.recipient, reason, error);
    }
    stats.retried++;
    const wait = backoff(row.attempts);
    log.info({ outboxId: row.id, kind: row.kind, attempts: row.attempts, retryInMs: wait, error }, "outbox send failed; will retry");
    return { state: restingState(row, verified), notBefore: clock.now().plus({ milliseconds: wait }), lastError: error, refundAttempt: false };
  }

  /**
   * One chat's rows in order, each waiting its turn; the rows whose turn comes more than maxWaitMs after the
   * chat's first go back to the queue with later slots, so a busy chat never holds up a round.
   */
  async function deliverToChat(jobs: Job[], round: Round) {
    const start = clock.now();
    for (const [index, job] of jobs.entries()) {
      const now = clock.now();
      if (round.aborted) {
        for (const rest of jobs.slice(index)) {
          unwritten.push({ id: rest.row.id, outcome: putBack(rest.row, now) });
        }
        return;
      }
      if (limiter.readyAt(job.to, now).diff(start).toMillis() > options.maxWaitMs) {
        const rest = jobs.slice(index);
        const slots = limiter.laterSlots(job.to, rest.length, now);
        for (const [i, later] of rest.entries()) {
          stats.deferred++;
          await settle(later.row, putBack(later.row, slots[i]!), round);
        }
        return;
      }
      try {
        await deliver(job, round);
      } catch (error) {
        // A bug of ours, not the platform's or the database's: retried with backoff like a transient failure.
        log.error({ err: error, outboxId: job.row.id }, "delivering an outbox message failed unexpectedly");
        await settle(job.row, retryOrPark(job, false, "transient", String(error)), round);
      }
    }
  }

  async function deliverBatch(rows: ClaimedRow[]) {
    const round: Round = { aborted: false };
    let jobs: Job[];
    try {
      jobs = await addressJobs(rows, round);
    } catch (error) {
      // Nothing went out: the rows go back as they were, recorded first thing next round.
      for (const row of rows) {
        unwritten.push({ id: row.id, outcome: putBack(row, clock.now()) });
      }
      throw error;
    }
    const byChat = new Map<string, Job[]>();
    for (const job of jobs) {
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
  }

  /** One round: record what the last one could not, make sure we lead, fold the stale, claim, send, record. */
  async function runRound(): Promise<TickResult> {
    await flushUnwritten();
    if (!(await leadership())) return { leader: false, claimed: 0, folded: 0, nextDueAt: null };
    const now = clock.now();
    const folded = await queue.fold({ before: now.minus({ milliseconds: options.foldAfterMs }), kinds: options.foldKinds });
    if (folded) {
      stats.folded += folded;
      log.info({ folded }, "reminders more than a day late folded into the digest");
    }
    const rows = await queue.claim({
      now,
      leaseUntil: now.plus({ milliseconds: options.rowLeaseMs }),
      limit: options.batchSize,
      lateBefore: now.minus({ milliseconds: options.lateAfterMs }),
    });
    if (rows.length) await deliverBatch(rows);
    const nextDueAt = rows.length >= options.batchSize ? clock.now() : await queue.nextDueAt();
    return { leader: true, claimed: rows.length, folded, nextDueAt };
  }

  // One round at a time per instance: a tick() asked for while one runs joins it.
  let current: Promise<TickResult> | null = null;
  const tick = (): Promise<TickResult> => (current ??= runRound().finally(() => (current = null)));

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function run() {
    let failures = 0;
    while (running) {
      let ms = options.pollIntervalMs;
      try {
        const result = await tick();
        if (failures) log.info({ failures }, "outbox dispatcher is back after database errors");
        failures = 0;
        if (!result.leader) ms = options.leaderLeaseMs / 5;
        else if (result.claimed >= options.batchSize) ms = 0;
        else if (result.nextDueAt) ms = Math.min(options.pollIntervalMs, Math.max(10, result.nextDueAt.diff(clock.now()).toMillis()));
      } catch (error) {
        failures++;
        ms = Math.min(options.errorBackoffMaxMs, options.errorBackoffMs * 2 ** (failures - 1));
        log.warn({ err: error, failures, retryInMs: ms }, "outbox round failed (database unreachable?); retrying");
      }
      if (running) await pause(ms);
    }
  }

  return {
    tick,
    /** Runs rounds until stop(): back to back while there is a backlog, else when the next row falls due. */
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Lets the round in flight finish, then gives up the leader lease so another instance takes over at once. */
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
      if (leaderUntil) {
        leaderUntil = null;
        await lease.release().catch((error: unknown) => log.warn({ err: error }, "could not release the outbox lease"));
      }
    },
    stats: (): Readonly<OutboxStats> => ({ ...stats }),
    /** Outcomes still waiting for the database (it was unreachable when they happened). */
    unrecorded: () => unwritten.length,
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

function sameChat(a: ChatAddress, b: ChatAddress): boolean {
  return a.platform === b.platform && a.chatId === b.chatId;
}
