import type { Platform } from "../domain/members/member.js";
import type { Reply } from "./render/reply.js";

/**
 * Outbound messages, whatever the platform: reminders, approval requests and digests are sent through this
 * one interface, so the code that decides *what* to send never knows *where* it goes.
 */

/** A chat to post into: a Slack channel or user id (a user id opens their DM), a Telegram chat id and forum topic. */
export type ChatAddress = { platform: Platform; chatId: string; threadId?: string | undefined };

/** A person as a door names them in a message: their platform id, their name, and their username if they have one. */
export type Mention = { userId: string; name: string; username?: string | undefined };

/** A message that was posted, so it can be edited later (a pressed button shows its result). */
export type MessageRef = ChatAddress & { messageId: string };

export type OutgoingFile = { filename: string; bytes: Uint8Array; caption?: string; mimeType?: string };

export type SendOptions = {
  /** Reader's locale and zone are already applied to `reply`; this tags the post for later lookup. */
  outboxId?: string;
  /** Quote this message of the chat (Telegram: a command's answer in a group). */
  replyTo?: string;
  /** Post into this thread of the chat (a Telegram forum topic). */
  threadId?: string;
  /** Name this person at the start of the post (Telegram: so a selective reply prompt reaches them). */
  mention?: Mention;
  /**
   * Who reads the post: the language it is written in (a door's own words around it, such as the console's
   * "file saved" line, follow it) and, for a message meant for one person, their handle (the console prints
   * every person's reminders into one terminal, so it says whose each is).
   */
  reader?: { locale: string; handle?: string };
};

export type Messenger = {
  platform: Platform;
  send(to: ChatAddress, reply: Reply, options?: SendOptions): Promise<MessageRef>;
  edit(message: MessageRef, reply: Reply): Promise<void>;
  sendFile(to: ChatAddress, file: OutgoingFile): Promise<MessageRef>;
  /**
   * Slack only: whether a message tagged with this outbox id is already in the chat (a send whose answer
   * was lost). Platforms that cannot tell answer null.
   */
  findSent?(to: ChatAddress, outboxId: string): Promise<MessageRef | null>;
};

export type Messengers = Partial<Record<Platform, Messenger>>;

/**
 * Why a send failed, in the terms the outbox decides by: wait and retry (rate_limited, transient), give up
 * (permanent: a blocked bot, a deleted chat), "it may have gone out" (uncertain: the request left but
 * no answer came back), or the chat has a new id (moved: a Telegram group upgraded to a supergroup, `movedTo`).
 */
export class DeliveryError extends Error {
  /**
   * The bot is not a member of the channel (Slack `not_in_channel`): permanent there, but the same message
   * can reach the person in their DM, with a word on inviting the bot.
   */
  readonly notMember: boolean;
  /** The chat's new id, when `kind` is "moved". */
  readonly movedTo: string | undefined;

  constructor(
    readonly kind: "rate_limited" | "transient" | "permanent" | "uncertain" | "moved",
    message: string,
    readonly retryAfterMs?: number,
    { notMember = false, movedTo }: { notMember?: boolean; movedTo?: string } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
    this.notMember = notMember;
    this.movedTo = movedTo;
  }
}
