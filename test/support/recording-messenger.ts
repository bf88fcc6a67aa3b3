import type { DateTime } from "luxon";
import { DeliveryError, type ChatAddress, type MessageRef, type Messenger } from "../../src/bots/messenger.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import type { Platform } from "../../src/domain/members/member.js";
import type { Clock } from "../../src/domain/shared/clock.js";

export type RecordedSend = { to: ChatAddress; text: string; reply: Reply; outboxId: string | undefined; ref: MessageRef; at: DateTime };

type Failure = {
  kind: DeliveryError["kind"];
  retryAfterMs?: number;
  /** Only sends into this chat fail; others go through. */
  chatId?: string;
  /** For "uncertain": the message did reach the chat, only the answer was lost. */
  delivered?: boolean;
  /** The bot is not a member of the chat (Slack not_in_channel). */
  notMember?: boolean;
  times: number;
};

/**
 * A chat platform in-process: a real Messenger that keeps what was posted, can be told to fail the next
 * sends with any DeliveryError kind, and (like Slack's message metadata) can find a post by its outbox id.
 * A double of the platform, never of the database.
 */
export function recordingMessenger(platform: Platform, clock: Clock, { canFind = platform === "slack" } = {}) {
  const sends: RecordedSend[] = [];
  const failures: Failure[] = [];
  const edits: Array<{ message: MessageRef; reply: Reply; text: string; at: DateTime }> = [];
  const findFailures: DeliveryError[] = [];
  let nextId = 1;
  let beforeSend: ((to: ChatAddress, outboxId: string | undefined) => Promise<void>) | null = null;

  function record(to: ChatAddress, reply: Reply, outboxId: string | undefined): MessageRef {
    const ref = { platform, chatId: to.chatId, messageId: `m${nextId++}` };
    sends.push({ to, text: toPlainText(reply), reply, outboxId, ref, at: clock.now() });
    return ref;
  }

  const messenger: Messenger = {
    platform,
    async send(to, reply, options) {
      await beforeSend?.(to, options?.outboxId);
      const index = failures.findIndex((failure) => failure.chatId === undefined || failure.chatId === to.chatId);
      const failure = index >= 0 ? failures[index]! : null;
      if (failure && --failure.times === 0) failures.splice(index, 1);
      if (failure?.delivered) record(to, reply, options?.outboxId);
      if (failure) throw new DeliveryError(failure.kind, `test: ${failure.kind}`, failure.retryAfterMs, { notMember: failure.notMember ?? false });
      return record(to, reply, options?.outboxId);
    },
    async edit(message, reply) {
      edits.push({ message, reply, text: toPlainText(reply), at: clock.now() });
    },
    async sendFile(to) {
      return { platform, chatId: to.chatId, messageId: `m${nextId++}` };
    },
    ...(canFind
      ? {
          async findSent(to: ChatAddress, outboxId: string) {
            const failure = findFailures.shift();
            if (failure) throw failure;
            return sends.find((send) => send.outboxId === outboxId && send.to.chatId === to.chatId)?.ref ?? null;
          },
        }
      : {}),
  };

  return {
    messenger,
    sends,
    edits,
    /** The next `times` lookups of a sent message fail with this error (Slack's not_in_channel, say). */
    failFind(error: DeliveryError, times = 1) {
      for (let i = 0; i < times; i++) findFailures.push(error);
    },
    /** The next `times` sends (into `chatId`, if given) fail with this kind. */
    fail(kind: DeliveryError["kind"], options: Omit<Partial<Failure>, "kind"> = {}) {
      failures.push({ kind, times: 1, ...options });
    },
    /** Runs before every send (a hook to take the database away mid-batch). */
    beforeSend(hook: typeof beforeSend) {
      beforeSend = hook;
    },
    sendsOf: (outboxId: string) => sends.filter((send) => send.outboxId === outboxId),
  };
}

export type RecordingMessenger = ReturnType<typeof recordingMessenger>;
