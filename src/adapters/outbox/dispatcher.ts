import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { DateTime } from "luxon";
import type { Dispatcher } from "../../bots/commands/dispatch.js";
import type { Composer } from "../../bots/reminders/composer.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { Messengers } from "../../bots/messenger.js";
import type { Database } from "../prisma/client.js";
import { prismaChatRepo } from "../prisma/chat.prisma-repo.js";
import { createBatchDelivery } from "./deliver-batch.js";
import { createDelivery } from "./deliver-one.js";
import { defaultOutboxOptions, emptyStats, type OutboxDispatcherOptions, type OutboxStats } from "./dispatch-options.js";
import { createFailurePolicy } from "./failure-policy.js";
import { foldLateReminders } from "./late-reminders.js";
import { createHeartbeat } from "./heartbeat.js";
import { createLeaderLease } from "./lease.js";
import { createOutcomeRecorder } from "./outcome-recorder.js";
import { createPacedSender } from "./paced-send.js";
import { outboxQueue } from "./queue.js";
import { createRateLimiter } from "./rate-limit.js";
import { createRetention } from "./retention.js";

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

/**
 * The outbox dispatcher: claims due rows under a lease, composes each in its recipient's language and zone,
 * sends it at the pace the platform allows, and records where it went. Exactly one instance dispatches at a
 * time (a leader lease in the database); `tick()` is one claim-send-record round, `start()` runs rounds
 * until `stop()`.
 *
 * This file is the round and its loop; the parts of a round live beside it: addressing.ts (who and where),
 * deliver-batch.ts (per-chat order and concurrency), deliver-one.ts (compose, send, record one row),
 * careful-resend.ts (look before sending again), paced-send.ts with rate-limit.ts (pace and 429s),
 * failure-policy.ts with admin-alert.ts (retry, backoff, park, tell the admins), late-reminders.ts (folding),
 * outcome-recorder.ts (outcomes the database did not take yet), retention.ts (old records pruned).
 *
 * Delivery is at least once. Neither platform takes an idempotency key, so a crash between "the platform
 * accepted it" and "we recorded it" can repeat a message. The window is one UPDATE wide, a failed record
 * is retried from memory before anything else, and a row that may have gone out comes back as a careful
 * resend: looked for first where the platform can tell (Slack message metadata), else sent again and
 * counted as a possible duplicate.
 */
export function createOutboxDispatcher(deps: OutboxDispatcherDeps) {
  const { db, messengers, clock, log, instanceId } = deps;
  const options: OutboxDispatcherOptions = { ...defaultOutboxOptions, ...deps.options };
  const queue = outboxQueue(db.sql, instanceId);
  const lease = createLeaderLease(db.sql, {
    name: LEASE_NAME,
    holder: instanceId,
    ttlMs: options.leaderLeaseMs,
    clock,
    missedHeartbeatMs: options.heartbeatMissedMs,
  });
  const heartbeat = createHeartbeat(db.sql, { instanceId, clock });
  const limiter = createRateLimiter(options.rateLimits);
  const waitUntil =
    deps.waitUntil ??
    ((at: DateTime) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at.toMillis() - clock.now().toMillis()))));
  const stats: OutboxStats = emptyStats();
  const recorder = createOutcomeRecorder({ queue, log });
  const policy = createFailurePolicy({ options, clock, log, stats });
  const sendPaced = createPacedSender({ messengers, limiter, clock, maxWaitMs: options.maxWaitMs, waitUntil });
  const deliver = createDelivery({
    messengers,
    composers: deps.composers,
    dispatcher: deps.dispatcher,
    clock,
    log,
    options,
    stats,
    recorder,
    policy,
    sendPaced,
    chats: prismaChatRepo(db.prisma),
  });
  const deliverBatch = createBatchDelivery({ db, messengers, clock, log, options, stats, limiter, recorder, policy, deliver });
  const retention = createRetention(db.sql, { days: options.retentionDays, everyMs: options.retentionEveryMs, batch: 1_000 }, log);
  let leaderUntil: DateTime | null = null;

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

  /** One round: record what the last one could not, make sure we lead, fold the stale, claim, send, record. */
  async function runRound(): Promise<TickResult> {
    await recorder.flush();
    if (!(await leadership())) return { leader: false, claimed: 0, folded: 0, nextDueAt: null };
    const now = clock.now();
    // Old records go now and then; a failure here is logged and must not hold up the reminders.
    await retention.pruneIfDue(now).catch((error: unknown) => log.warn({ err: error }, "pruning old records failed"));
    const folded = await foldLateReminders(db.sql, { before: now.minus({ milliseconds: options.foldAfterMs }), kinds: options.foldKinds });
    if (folded) {
      stats.folded += folded;
      log.info({ folded }, "reminders more than a day late folded into their recipients' digests");
    }
    const rows = await queue.claim({
      now,
      leaseUntil: now.plus({ milliseconds: options.rowLeaseMs }),
      limit: options.batchSize,
      lateBefore: now.minus({ milliseconds: options.lateAfterMs }),
      deadBefore: now.minus({ milliseconds: options.heartbeatMissedMs }),
    });
    if (rows.length) await deliverBatch(rows);
    const nextDueAt = rows.length >= options.batchSize ? clock.now() : await queue.nextDueAt();
    return { leader: true, claimed: rows.length, folded, nextDueAt };
  }

  // One round at a time per instance: a tick() asked for while one runs joins it.
  let current: Promise<TickResult> | null = null;
  const tick = (): Promise<TickResult> => (current ??= runRound().finally(() => (current = null)));

  let running = false;
  /** Rows were written that are due now (a command's reply): the next round starts at once. */
  let kicked = false;
  let loop: Promise<void> | null = null;
  let beating: NodeJS.Timeout | null = null;
  // Beats on a timer of its own, not per round: a round that waits on a slow platform is still alive.
  const beat = () => heartbeat.beat().catch((error: unknown) => log.debug({ err: error }, "outbox heartbeat failed"));
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
      kicked = false;
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
      // A kick during the round: its rows may have missed this round's claim.
      if (kicked && failures === 0) ms = 0;
      if (running && ms > 0) await pause(ms);
    }
  }

  return {
    tick,
    /** Runs rounds until stop(): back to back while there is a backlog, else when the next row falls due. */
    start() {
      if (running) return;
      running = true;
      void beat();
      beating = setInterval(beat, options.heartbeatMs);
      beating.unref();
      loop = run();
    },
    /** Lets the round in flight finish, then gives up the leader lease so another instance takes over at once. */
    /** Runs a round now (or right after the one in flight): rows due now were just committed. */
    kick() {
      if (!running) return;
      kicked = true;
      wake?.();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
      if (beating) clearInterval(beating);
      beating = null;
      await heartbeat.end().catch((error: unknown) => log.warn({ err: error }, "could not end the outbox heartbeat"));
      if (leaderUntil) {
        leaderUntil = null;
        await lease.release().catch((error: unknown) => log.warn({ err: error }, "could not release the outbox lease"));
      }
    },
    stats: (): Readonly<OutboxStats> => ({ ...stats }),
    /** Outcomes still waiting for the database (it was unreachable when they happened). */
    unrecorded: () => recorder.waiting(),
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
