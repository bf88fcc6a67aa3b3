import type { DateTime } from "luxon";
import type { NewOutboxItem } from "../../domain/reminders/outbox.js";

/**
 * The inbox: every inbound command and button press, recorded under its delivery key before the platform
 * is acknowledged, then worked off. The port is declared here, where the doors and the dispatcher use it;
 * the Prisma adapter implements it.
 */

/** What a door stores to do the work later: the platform's own fields, as JSON. */
export type InboxRequest = Record<string, unknown>;

export type InboxState = "pending" | "done" | "answered";

export type InboxEntry = {
  key: string;
  request: InboxRequest;
  state: InboxState;
  receivedAt: DateTime;
  /** The first reply (a Reply, or a PressResult), once the work is done. */
  reply: unknown;
  workspaceId: string | null;
};

/** A hold on entries: the instance holding them, and until when (renewed while the instance lives). */
export type InboxClaim = { holder: string; until: DateTime };

/**
 * How the answer of a finished piece of work goes out, decided by the door: outbox rows written in the
 * work's own transaction (the entry is then answered), or null when the door answers after the commit
 * itself (Slack's response_url) and confirms with `answered`.
 */
export type AnswerRows<T> = (value: T) => NewOutboxItem[] | null;

export type Inbox = {
  /**
   * Records a delivery, claimed by `claim.holder` (one insert), or unclaimed (null: for any working instance
   * to take at once). Null when it is new; the stored entry when the key was recorded before (a platform
   * retry, a redelivered update).
   */
  receive(key: string, request: InboxRequest, now: DateTime, claim: InboxClaim | null): Promise<InboxEntry | null>;
  /**
   * Runs `work` once per key: its writes, the entry's completion with the reply and the answer's outbox rows
   * commit together. A key already done is not worked again: the first reply comes back as a duplicate.
   * Work that `reads` only runs outside a transaction and is completed after it, in one statement.
   */
  complete<T>(
    key: string,
    workspaceId: string,
    now: DateTime,
    work: () => Promise<T>,
    answer?: AnswerRows<T>,
    options?: { reads?: boolean },
  ): Promise<{ value: T; duplicate: boolean }>;
  /** The entry as stored now, or null. */
  read(key: string): Promise<InboxEntry | null>;
  /** Writes the answer of a done entry as outbox rows and marks it answered, in one transaction. */
  answerLater(key: string, workspaceId: string, rows: NewOutboxItem[]): Promise<void>;
  /** The replies of these done entries went out. */
  answered(keys: string[]): Promise<void>;
  /**
   * Takes over entries that are not answered and whose claim ran out (their instance died, or a try failed
   * and was put off), of the given platforms (the delivery key's first part: "slack", "telegram"), oldest first.
   */
  claimStale(platforms: string[], now: DateTime, claim: InboxClaim, limit: number): Promise<InboxEntry[]>;
  /** Extends the claim on every unanswered entry this holder has. */
  renew(claim: InboxClaim): Promise<void>;
  /** Gives entries back (all of this holder's when `keys` is absent), to be taken again from `notBefore`. */
  release(holder: string, notBefore: DateTime, keys?: string[]): Promise<void>;
  /** Entries to work, received before `before`, that nobody holds now; counted up to `limit`. */
  unworked(now: DateTime, before: DateTime, limit: number): Promise<number>;
};
