import type { DateTime } from "luxon";
import type { NewOutboxItem } from "../../domain/reminders/outbox.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { Inbox, InboxEntry, InboxRequest } from "./inbox.js";

/** What a door does with the entries of its platform. */
export type InboxHandler = {
  /**
   * Does an entry's work and answers it. Throws only when the work could not be recorded (the database is
   * away): the entry stays in the inbox and is tried again.
   */
  work(entry: InboxEntry): Promise<void>;
  /** Answers an entry that was worked before (a repeat of its key, or an answer not confirmed) with its first reply. */
  repeat(entry: InboxEntry): Promise<void>;
  /** Entries with the same order key are worked one at a time, in the order received (a Telegram chat). */
  orderKey?(entry: InboxEntry): string;
};

export type InboxWorkerOptions = {
  /** Entries accepted and not yet worked, per instance, past which new deliveries are refused as busy. */
  maxDepth: number;
  /** How long a claim holds unrenewed: the longest another instance waits to take over a dead one's entries. */
  leaseMs: number;
  /** How often entries whose claim ran out are looked for; also how long a failed try waits before the next. */
  scanIntervalMs: number;
  /** How long stop() lets accepted work finish; what is left stays in the inbox for the next start. */
  stopGraceMs: number;
  /** Confirmed answers are written together, at most this long after they went out. */
  answeredFlushMs: number;
};

export const defaultInboxOptions: InboxWorkerOptions = {
  maxDepth: 1000,
  leaseMs: 30_000,
  scanIntervalMs: 5_000,
  stopGraceMs: 10_000,
  answeredFlushMs: 100,
};

/**
 * What an instance does with deliveries: "both" records and works them; "intake" records and acknowledges
 * them, unclaimed, and works nothing; "work" takes what intake instances recorded as each batch commits
 * (its doors receive nothing). Several instances on one PostgreSQL server.
 */
export type InboxRole = "both" | "intake" | "work";

export type InboxWorkerDeps = {
  inbox: Inbox;
  clock: Clock;
  log: Logger;
  /** Names this process in claims: unique per running instance. */
  holder: string;
  options?: Partial<InboxWorkerOptions>;
  /** Wakes the outbox after a commit that wrote answer rows, so replies leave at once. */
  wakeOutbox?: () => void;
  role?: InboxRole;
  /** A work instance hears here of each batch an intake instance recorded (Database.listenToArrivals). */
  listenToArrivals?: (onArrival: () => void) => Promise<() => Promise<void>>;
};

export type Accepted = "accepted" | "repeat" | "busy";

/** How far the unworked entries are counted for the log line (a bound on the count's cost). */
const UNWORKED_COUNT_LIMIT = 1000;

/**
 * Works the inbox off. A door hands each delivery to accept(), which records it (one insert) and says
 * whether the door may acknowledge it; the work then runs here, in the background, through the door's
 * handler. start() resumes what earlier runs (or dead instances) left unfinished and keeps this
 * instance's claims alive; stop() finishes what it can within a bound and gives the rest back.
 */
export function createInboxWorker({ inbox, clock, log, holder, options: given, wakeOutbox = () => {}, role = "both", listenToArrivals }: InboxWorkerDeps) {
  const options: InboxWorkerOptions = { ...defaultInboxOptions, ...given };
  const handlers = new Map<string, InboxHandler>();
  /** The tail of each order key's chain of work. */
  const chains = new Map<string, Promise<void>>();
  /** Entries of this instance not finished yet, by key: a repeat of one waits for it. */
  const inFlight = new Map<string, Promise<void>>();
  /** Repeats being answered. */
  const repeats = new Set<Promise<void>>();
  let depth = 0;
  let closed = false;
  /** Past the stop grace: queued entries are left in the inbox instead of started. */
  let abandoned = false;
  let toConfirm: string[] = [];
  /**
   * Failed entries that could not be given back (the database was away then too). Renewal would keep them
   * claimed by this live instance for good, so the next scan gives them back first.
   */
  const unreleased = new Set<string>();
  let flushTimer: NodeJS.Timeout | null = null;
  let timers: NodeJS.Timeout[] = [];
  /** Entries are waiting that the last claim had no room for: taken as the work in hand shrinks. */
  let backlog = false;
  let stopListening: (() => Promise<void>) | null = null;

  const claim = (now: DateTime = clock.now()) => ({ holder, until: now.plus({ milliseconds: options.leaseMs }) });
  const platformOf = (key: string) => key.slice(0, key.indexOf(":"));

  function schedule(handler: InboxHandler, entry: InboxEntry) {
    const order = handler.orderKey?.(entry) ?? entry.key;
    const run = (chains.get(order) ?? Promise.resolve()).then(() => workOne(handler, entry));
    chains.set(order, run);
    inFlight.set(entry.key, run);
    void run.then(() => {
      if (chains.get(order) === run) chains.delete(order);
      if (inFlight.get(entry.key) === run) inFlight.delete(entry.key);
    });
  }

  async function workOne(handler: InboxHandler, entry: InboxEntry): Promise<void> {
    try {
      if (abandoned) return;
      await handler.work(entry);
    } catch (error) {
      log.warn({ err: error, key: entry.key }, "inbox entry not worked; it stays in the inbox and is tried again");
      const later = clock.now().plus({ milliseconds: options.scanIntervalMs });
      await inbox.release(holder, later, [entry.key]).catch(() => unreleased.add(entry.key));
    } finally {
      depth--;
      // Claimed in batches: once half the room is free again, not at every entry.
      if (backlog && depth <= options.maxDepth / 2) void resumeSoon();
    }
  }

  async function repeatOne(handler: InboxHandler, stored: InboxEntry) {
    try {
      // The first delivery is still being worked here: answer the repeat once it has its reply.
      const first = inFlight.get(stored.key);
      let entry: InboxEntry | null = stored;
      if (first) {
        await first;
        entry = await inbox.read(stored.key);
      }
      // Still pending: its owner (this instance after a failed try, or another one) answers it.
      if (!entry || entry.state === "pending") return;
      await handler.repeat(entry);
    } catch (error) {
      log.warn({ err: error, key: stored.key }, "could not answer a repeated delivery");
    }
  }

  function repeatLater(handler: InboxHandler, stored: InboxEntry) {
    const run = repeatOne(handler, stored);
    repeats.add(run);
    void run.then(() => repeats.delete(run));
  }

  async function flushAnswered() {
    flushTimer = null;
    const keys = toConfirm;
    toConfirm = [];
    try {
      await inbox.answered(keys);
    } catch (error) {
      // Left 'done': after a restart or a takeover the reply goes out again (at least once).
      log.warn({ err: error, count: keys.length }, "could not record answers as sent");
    }
  }

  /**
   * Takes entries whose claim ran out (this instance's failed tries, a dead instance's, a crashed run's) and
   * those no instance claimed (an intake instance's).
   */
  async function resume(): Promise<number> {
    if (unreleased.size) {
      const keys = [...unreleased];
      await inbox.release(holder, clock.now(), keys);
      for (const key of keys) unreleased.delete(key);
    }
    let resumed = 0;
    backlog = false;
    for (;;) {
      const room = options.maxDepth - depth;
      if (room <= 0) backlog = true;
      if (room <= 0 || closed) break;
      const limit = Math.min(room, 100);
      const entries = await inbox.claimStale([...handlers.keys()], clock.now(), claim(), limit);
      for (const entry of entries) {
        const handler = handlers.get(platformOf(entry.key))!;
        if (entry.state === "pending") {
          depth++;
          schedule(handler, entry);
        } else {
          repeatLater(handler, entry);
        }
      }
      resumed += entries.length;
      if (entries.length < limit) break;
    }
    // A work instance takes entries all the time; only a recovery is worth a line.
    if (resumed && role !== "work") log.info({ resumed }, "resumed unfinished inbox entries");
    return resumed;
  }

  /** One resume at a time; a call while one runs makes it run once more after (an arrival it may have missed). */
  let resuming: Promise<void> | null = null;
  let again = false;
  function resumeSoon(): Promise<void> {
    if (resuming) {
      again = true;
      return resuming;
    }
    resuming = (async () => {
      do {
        again = false;
        await resume().catch((error: unknown) => log.warn({ err: error }, "could not take inbox entries; will try again"));
      } while (again && !closed);
    })().finally(() => (resuming = null));
    return resuming;
  }

  /**
   * An intake instance's entries wait for work instances, which claim them as each batch commits or within a
   * scan. Entries left unclaimed for two leases mean none is taking them: said in the log, once a minute while
   * so, since the acknowledgements go on regardless.
   */
  let unworkedSaidAt: DateTime | null = null;
  async function sayIfUnworked() {
    const now = clock.now();
    const waitingMs = options.leaseMs * 2;
    const waiting = await inbox.unworked(now, now.minus({ milliseconds: waitingMs }), UNWORKED_COUNT_LIMIT);
    if (waiting === 0 || (unworkedSaidAt && now.diff(unworkedSaidAt).as("milliseconds") < 60_000)) return;
    unworkedSaidAt = now;
    const count = waiting < UNWORKED_COUNT_LIMIT ? waiting : `${UNWORKED_COUNT_LIMIT}+`;
    log.warn({ waiting: count, seconds: waitingMs / 1000 }, "inbox entries recorded here wait for a work instance; is one running (INBOX_ROLE=work or both)?");
  }

  const every = (ms: number, job: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void job()
        .catch((error: unknown) => log.warn({ err: error }, "inbox upkeep failed; will try again"))
        .finally(() => (busy = false));
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    /** A door's handler for the entries of its platform (the delivery key's first part). */
    register(platform: string, handler: InboxHandler) {
      handlers.set(platform, handler);
    },

    /**
     * Records a delivery and schedules its work. "accepted": acknowledge it; "repeat": acknowledge it, the
     * first reply is sent again; "busy": the inbox is full (or closing), tell the sender to try later.
     * Throws when the database did not take it: do not acknowledge.
     */
    async accept(key: string, request: InboxRequest): Promise<Accepted> {
      const handler = handlers.get(platformOf(key));
      if (!handler) throw new Error(`no inbox handler for ${key}`);
      if (closed || depth >= options.maxDepth) return "busy";
      // An intake instance leaves the entry unclaimed for the work instances, and holds nothing of it.
      const works = role !== "intake";
      if (works) depth++;
      const now = clock.now();
      let stored: InboxEntry | null;
      try {
        stored = await inbox.receive(key, request, now, works ? claim(now) : null);
      } catch (error) {
        if (works) depth--;
        throw error;
      }
      if (!stored) {
        if (works) schedule(handler, { key, request, state: "pending", receivedAt: now, reply: null, workspaceId: null });
        return "accepted";
      }
      if (works) depth--;
      repeatLater(handler, stored);
      return "repeat";
    },

    /** The reply of this done entry went out (written in batches, so it costs no round trip of its own). */
    answered(key: string) {
      toConfirm.push(key);
      flushTimer ??= setTimeout(() => void flushAnswered(), options.answeredFlushMs);
    },

    /** Writes the answer of a done entry as outbox rows (a late answer, a repeat), then wakes the outbox. */
    async answerLater(key: string, workspaceId: string, rows: NewOutboxItem[]) {
      await inbox.answerLater(key, workspaceId, rows);
      wakeOutbox();
    },

    /** Called by handlers after a commit that wrote answer rows. */
    wakeOutbox: () => wakeOutbox(),

    /** Resolves once nothing accepted is being worked or answered (tests wait for it). */
    async idle() {
      while (inFlight.size || repeats.size) await Promise.allSettled([...inFlight.values(), ...repeats]);
    },

    /** Entries accepted or resumed and not worked yet. */
    depth: () => depth,
    /** How many more deliveries may be accepted now. */
    room: () => (closed ? 0 : Math.max(0, options.maxDepth - depth)),

    /** Resumes what is unfinished, then keeps this instance's claims alive and takes over those that run out. */
    async start() {
      closed = false;
      abandoned = false;
      if (role === "intake") {
        every(options.scanIntervalMs, sayIfUnworked);
        return;
      }
      await resume();
      every(options.leaseMs / 3, () => inbox.renew(claim()));
      every(options.scanIntervalMs, resumeSoon);
      if (role === "work" && listenToArrivals) stopListening = await listenToArrivals(() => void resumeSoon());
    },

    /**
     * Accepts nothing more, lets accepted work finish for up to stopGraceMs, and gives the rest back to the
     * inbox (the next start, or another instance, takes it). The doors must be closed first.
     */
    async stop() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      await stopListening?.();
      stopListening = null;
      await resuming;
      const all = () => Promise.allSettled([...inFlight.values()]);
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.stopGraceMs)));
      const overran = await Promise.race([all().then(() => false), graceOver]);
      clearTimeout(timer);
      if (overran) {
        // What has not started stays in the inbox; what runs now is one transaction each and ends soon.
        abandoned = true;
        log.warn({ left: depth }, "stopping with inbox entries unfinished; the next start resumes them");
        await all();
      }
      if (flushTimer) clearTimeout(flushTimer);
      await flushAnswered();
      await inbox.release(holder, clock.now()).catch((error: unknown) => log.warn({ err: error }, "could not give inbox entries back"));
    },
  };
}

export type InboxWorker = ReturnType<typeof createInboxWorker>;
