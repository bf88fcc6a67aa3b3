import type { Telegram } from "telegraf";
import type { Chat, MessageEntity, User } from "telegraf/types";
import type { CallerKey, MemberRepo } from "../../domain/members/member.repo.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Logger } from "../../log.js";
import type { PressResult } from "../commands/actions.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { InboxEntry } from "../inbox/inbox.js";
import type { InboxHandler, InboxWorker } from "../inbox/inbox.worker.js";
import { replyRow } from "../inbox/reply-rows.js";
import type { ChatAddress } from "../messenger.js";
import type { Reply } from "../render/reply.js";
import { normalizeUserText } from "../user-text.js";
import { callerFrom, commandLine, displayNameOf, withTextMentions } from "./telegram.updates.js";
import { TELEGRAM, type BotApiDialect } from "./bot-api.dialects.js";

/** The chat as the inbox keeps it: what callerFrom reads. */
export type StoredChat = Pick<Chat.PrivateChat, "id" | "type" | "first_name"> | (Pick<Chat.GroupChat, "id" | "type"> & { title?: string });

export type TelegramCommandRequest = {
  kind: "command";
  botId: string;
  /** The command without slash or bot name ("lead"), and where its arguments start in `text` (UTF-16 units). */
  command: string;
  argsAt: number;
  text: string;
  entities?: MessageEntity[] | undefined;
  chat: StoredChat;
  from: User;
  /** The chat speaking for itself: the group (its anonymous admins) or a channel. */
  senderChat?: Chat | undefined;
  messageId: number;
  /** The forum topic the command was written in. */
  threadId?: number | undefined;
};

/**
 * A message that is not a command, taken as an answer to the sender's open form: any in a private chat, in a
 * group only a reply to one of the bot's messages (what privacy mode delivers, and what a reply prompt makes).
 */
export type TelegramTextRequest = Omit<TelegramCommandRequest, "kind" | "command" | "argsAt"> & { kind: "text" };

/** A message forwarded to the bot in a private chat: a client's message to capture, and who wrote it. */
export type TelegramForwardRequest = Omit<TelegramTextRequest, "kind"> & { kind: "forward"; author: string };

export type TelegramPressRequest = {
  kind: "press";
  botId: string;
  data: string;
  queryId: string;
  /** Absent for a press on an inline message: it counts as the presser's private chat. */
  chat?: StoredChat | undefined;
  from: User;
  /** The message the button was on, when it can still be edited (younger than 48 hours). */
  messageId?: number | undefined;
  /** The forum topic of that message. */
  threadId?: number | undefined;
};

export type TelegramRequest = TelegramCommandRequest | TelegramTextRequest | TelegramForwardRequest | TelegramPressRequest;

/** answerCallbackQuery's text limit. */
const MAX_NOTICE = 200;

export type TelegramInboxDeps = {
  dispatcher: Pick<Dispatcher, "handle" | "answer" | "capture" | "press" | "resolve">;
  members: Pick<MemberRepo, "findByIdentity">;
  inbox: Pick<InboxWorker, "answerLater" | "wakeOutbox">;
  telegram: Pick<Telegram, "answerCbQuery">;
  clock: Clock;
  log: Logger;
  /** Telegram's Bot API or Bale's copy of it: whose people, chats and outbox rows these are. */
  dialect?: BotApiDialect;
};

/**
 * The work of a Telegram command or button press, from the inbox. Replies leave through the outbox, the one
 * paced sender (1/s per chat, 20/min per group, a 429 waited out): the reply row is written in the work's
 * transaction and the outbox is woken right after the commit. A press's callback query is answered
 * directly after the commit (it posts nothing into the chat).
 */
export function telegramInboxHandler({ dispatcher, members, inbox, telegram, clock, log, dialect = TELEGRAM }: TelegramInboxDeps): InboxHandler {
  const { platform } = dialect;
  const chatOf = (request: TelegramRequest): StoredChat =>
    request.chat ?? { id: request.from.id, type: "private", first_name: request.from.first_name };
  const addressOf = (request: TelegramRequest): ChatAddress => ({ platform, chatId: String(chatOf(request).id) });

  function commandRows(request: Exclude<TelegramRequest, TelegramPressRequest>, reply: Reply) {
    // In a group the answer quotes the command (or the answer it follows), so it is clear whose it is, and a
    // form's next question prompts only that person for the reply.
    const replyTo = request.chat.type === "private" ? undefined : String(request.messageId);
    const threadId = request.threadId === undefined ? undefined : String(request.threadId);
    return [replyRow(addressOf(request), reply, clock.now(), { replyTo, threadId })];
  }

  function pressRows(request: TelegramPressRequest, result: PressResult) {
    // An alert is for the presser alone: it travels in the callback answer, not into the chat.
    if (result.kind === "alert") return [];
    if (request.messageId !== undefined && result.kind === "edit") return [replyRow(addressOf(request), result.reply, clock.now(), { edit: String(request.messageId) })];
    const threadId = request.threadId === undefined ? undefined : String(request.threadId);
    // A form's typed question after a press (Reject's reason, a choice that leads to one): no message of the
    // presser's to quote, so in a group the question names them, and the reply prompt shows to them alone.
    const prompt = result.kind === "reply" && result.reply.ask?.typed && request.chat?.type !== "private";
    const mention = prompt ? { userId: String(request.from.id), name: displayNameOf(request.from), username: request.from.username } : undefined;
    return request.chat ? [replyRow(addressOf(request), result.reply, clock.now(), { threadId, mention })] : [];
  }

  /** The message's text as the dispatcher reads it: members named by text mention become @handles, then normalised. */
  async function textOf(request: TelegramCommandRequest | TelegramTextRequest, caller: CallerKey, from: number) {
    const resolved = await withTextMentions(request.text, request.entities, async (user) => {
      // A mention names a member of the workspace this chat works in, or nobody.
      const { workspace } = await dispatcher.resolve(caller);
      const member = await members.findByIdentity(workspace.id, { platform, externalWorkspaceId: request.botId, externalUserId: String(user.id) });
      return member?.handle ?? null;
    });
    // Normalised only now: entity offsets count the text exactly as Telegram sent it.
    return normalizeUserText(resolved.slice(from)).trim();
  }

  async function answerQuery(request: TelegramPressRequest, result: PressResult) {
    const text = result.kind === "alert" ? result.text : result.kind === "edit" ? result.notice : undefined;
    const notice = text && text.length > MAX_NOTICE ? `${text.slice(0, MAX_NOTICE - 1)}…` : text;
    try {
      // The presser's button spins until the query is answered.
      await telegram.answerCbQuery(request.queryId, notice, result.kind === "alert" ? { show_alert: true } : {});
    } catch (error) {
      // A query answered late (a resumed entry) is refused by Telegram; the press itself is done.
      log.warn({ err: error, queryId: request.queryId }, "answerCallbackQuery failed");
    }
  }

  return {
    orderKey: (entry) => `${platform}:${chatOf(entry.request as TelegramRequest).id}`,

    async work(entry: InboxEntry) {
      const request = entry.request as TelegramRequest;
      const senderChat = request.kind === "press" ? undefined : request.senderChat;
      const caller = callerFrom(platform, request.botId, chatOf(request) as Chat, request.from, { senderChat, threadId: request.threadId });
      // Never recorded: the intake drops other bots and foreign sender chats (callerFrom is the same test).
      if (!caller) return log.warn({ key: entry.key }, "inbox entry from nobody the bot serves; skipped");
      if (request.kind === "forward") {
        // Attributed as the capture keeps it ("Sara: can we move the call?"); several in a row join one capture.
        const text = `${request.author}: ${normalizeUserText(request.text).trim()}`;
        await dispatcher.capture(text, caller, { deliveryKey: entry.key, answer: (reply) => commandRows(request, reply) }, request.author);
        inbox.wakeOutbox();
        return;
      }
      if (request.kind === "text") {
        // Someone with no form open here (another member replying to the bot in a group) gets no answer.
        await dispatcher.answer(await textOf(request, caller, 0), caller, {
          deliveryKey: entry.key,
          answer: (reply) => (reply ? commandRows(request, reply) : []),
        });
        inbox.wakeOutbox();
        return;
      }
      if (request.kind === "command") {
        const args = await textOf(request, caller, request.argsAt);
        await dispatcher.handle(commandLine(request.command, args), caller, {
          deliveryKey: entry.key,
          answer: (reply) => commandRows(request, reply),
        });
        inbox.wakeOutbox();
        return;
      }
      const result = await dispatcher.press(request.data, caller, {
        deliveryKey: entry.key,
        answer: (value) => pressRows(request, value),
      });
      inbox.wakeOutbox();
      await answerQuery(request, result);
    },

    /** A redelivered update: the first answer again, nothing redone (a press's edit is not repeated). */
    async repeat(entry: InboxEntry) {
      const request = entry.request as TelegramRequest;
      if (entry.reply === null || entry.reply === undefined) return;
      if (request.kind === "press") return answerQuery(request, entry.reply as PressResult);
      if (!entry.workspaceId) return;
      await inbox.answerLater(entry.key, entry.workspaceId, commandRows(request, entry.reply as Reply));
    },
  };
}
