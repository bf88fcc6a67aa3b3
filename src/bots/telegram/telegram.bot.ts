import { AsyncLocalStorage } from "node:async_hooks";
import type { ServerResponse } from "node:http";
import { Telegraf, type Context } from "telegraf";
import { callbackQuery, message } from "telegraf/filters";
import type { Chat, Message } from "telegraf/types";
import type { ChatRepo } from "../../domain/members/chat.repo.js";
import type { Logger } from "../../log.js";
import type { InboxWorker } from "../inbox/inbox.worker.js";
import type { Registry } from "../commands/registry.js";
import type { Translate } from "../render/i18n.js";
import type { StoredChat, TelegramCommandRequest, TelegramRequest } from "./telegram.inbox.js";
import { authorOf, callerFrom, deliveryKeyOf, parseCommand } from "./telegram.updates.js";
import { TELEGRAM, type BotApiDialect } from "./bot-api.dialects.js";
import { BOT_API_TIMEOUT_MS, boundedContext, boundRequests } from "./bot-api.timeout.js";
import { NAVS } from "../forms/form.engine.js";

export type TelegramBotDeps = {
  token: string;
  apiRoot?: string | undefined;
  inbox: Pick<InboxWorker, "accept">;
  /** Follows a group to its supergroup's new id; without it, upgrades are not followed. */
  chats?: ChatRepo | undefined;
  registry: Registry;
  log: Logger;
  t: Translate;
  /** Telegram's Bot API or Bale's copy of it. */
  dialect?: BotApiDialect;
  /** How long a Bot API request may take (bot-api.timeout.ts). */
  apiTimeoutMs?: number;
};

/**
 * How an update came in: over a webhook (its response, refused with a 503 when the update could not be
 * recorded, so Telegram sends it again) or by long polling (the batch stops there and the offset stays).
 */
export type Intake = { refused: boolean; response?: ServerResponse | undefined };
const intakeScope = new AsyncLocalStorage<Intake>();

/** Runs telegraf's handling of one update inside its intake, so a refusal reaches the transport. */
export const withIntake = <T>(intake: Intake, work: () => Promise<T>): Promise<T> => intakeScope.run(intake, work);

const storedChat = (chat: Chat): StoredChat =>
  chat.type === "private" ? { id: chat.id, type: chat.type, first_name: chat.first_name } : { id: chat.id, type: chat.type, title: chat.title } as StoredChat;

/**
 * The telegraf bot as the door's intake: a command message, an answer to a form or a button press is recorded
 * in the inbox (one insert) and the update is confirmed only then; the work and the answer follow from the inbox
 * (telegram.inbox.ts). No business rule lives here.
 */
export function createTelegramBot({ token, apiRoot, inbox, chats, registry, log, t, dialect = TELEGRAM, apiTimeoutMs = BOT_API_TIMEOUT_MS }: TelegramBotDeps) {
  const { platform } = dialect;
  // webhookReply stays on for Telegram (telegraf's default): an answer to a webhook delivery travels in its
  // HTTP response, which Telegram executes; Bale documents no such thing, so there it is a request of its own.
  // telegraf resolves "./bot<token>/<method>" against apiRoot, so a root with a path needs its trailing slash.
  const root = apiRoot && (apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/`);
  const bot = new Telegraf(token, {
    contextType: boundedContext(apiTimeoutMs),
    telegram: { webhookReply: dialect.webhookReply, ...(root ? { apiRoot: root } : {}) },
  });
  boundRequests(bot.telegram, apiTimeoutMs);
  const botId = (ctx: Context) => String(ctx.botInfo.id);
  /** A reply that quotes a group's command: Bale documents reply_to_message_id only. */
  const quoting = (messageId: number) =>
    dialect.replyParameters ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : { reply_to_message_id: messageId };

  /** Tells the transport not to confirm the update, so Telegram sends it again. */
  function refuse() {
    const intake = intakeScope.getStore();
    if (intake) {
      intake.refused = true;
      if (intake.response && !intake.response.headersSent) intake.response.writeHead(503, { "retry-after": "5" }).end();
    }
  }

  /**
   * "Busy" for a message: in the webhook's HTTP response where the platform runs one (Telegram does, Bale
   * documents no such thing), else as a request of its own (long polling). telegraf writes only
   * answerCallbackQuery and a few others into the response, never sendMessage, so this does it: an inbox full
   * under a flood of updates would otherwise add one Bot API request per refusal, before each refusal's 200.
   */
  async function sayBusy(ctx: TextContext, extra: Record<string, unknown>) {
    const response = intakeScope.getStore()?.response;
    if (!dialect.webhookReply || !response || response.headersSent || response.writableEnded) {
      await ctx.reply(t("inbox.busy"), extra);
      return;
    }
    const { chat, message_thread_id: threadId, is_topic_message: inTopic } = ctx.message;
    const body = { method: "sendMessage", chat_id: chat.id, text: t("inbox.busy"), ...(inTopic ? { message_thread_id: threadId } : {}), ...extra };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  /** Records the update; on a database failure the transport is told not to confirm it. */
  async function record(key: string, request: TelegramRequest) {
    try {
      return await inbox.accept(key, request);
    } catch (error) {
      log.error({ err: error, key }, `could not record a ${platform} update; left for ${platform} to send again`);
      refuse();
      return null;
    }
  }

  /**
   * A group upgraded to a supergroup: the old group gets a service message with migrate_to_chat_id, the new
   * supergroup one with migrate_from_chat_id. Either moves everything stored about the old id in one
   * transaction before the update is confirmed (the second is a no-op); on a database failure the update is
   * left for Telegram to send again.
   */
  async function followUpgrade(fromId: number, toId: number) {
    if (!chats) return;
    try {
      await chats.moveChat(platform, String(fromId), String(toId));
      log.info({ from: fromId, to: toId }, "group upgraded to a supergroup; its workspace follows");
    } catch (error) {
      log.error({ err: error, from: fromId, to: toId }, "could not follow a group's upgrade; left for Telegram to send again");
      refuse();
    }
  }
  bot.on(message("migrate_to_chat_id"), (ctx) => followUpgrade(ctx.message.chat.id, ctx.message.migrate_to_chat_id));
  bot.on(message("migrate_from_chat_id"), (ctx) => followUpgrade(ctx.message.migrate_from_chat_id, ctx.message.chat.id));

  type TextContext = Context & { message: Message.TextMessage };

  /**
   * Records a message (a command, an answer, a forward) with what every kind keeps: its text as sent (entity
   * offsets count it), chat, sender and forum topic. A full inbox is said so at once.
   */
  async function recordMessage(ctx: TextContext, kind: Pick<TelegramCommandRequest, "kind" | "command" | "argsAt"> | { kind: "text" } | { kind: "forward"; author: string }) {
    const { text, entities, chat, from, message_id, sender_chat: senderChat } = ctx.message;
    // A forum topic (a reply thread in a plain supergroup is not one: posting into it is refused).
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const outcome = await record(deliveryKeyOf(platform, botId(ctx), ctx.update.update_id), {
      ...kind,
      botId: botId(ctx),
      text,
      entities,
      chat: storedChat(chat),
      from,
      ...(senderChat ? { senderChat } : {}),
      messageId: message_id,
      threadId,
    });
    if (outcome === "busy") await sayBusy(ctx, chat.type === "private" ? {} : quoting(message_id));
  }

  /**
   * A message that is not a command. In a private chat, a forwarded one is a client's message to capture (a
   * lead, a note on one, a task), with who wrote it; any other is an answer to the sender's open form, if they
   * have one (the work decides). In a group only a reply to one of the bot's messages is recorded, as an
   * answer: privacy mode delivers nothing else, and a reply prompt makes every answer one.
   */
  async function takeText(ctx: TextContext) {
    const { chat, from, sender_chat: senderChat, reply_to_message: repliedTo, forward_origin: origin } = ctx.message;
    if (origin ? chat.type !== "private" : chat.type !== "private" && repliedTo?.from?.id !== ctx.botInfo.id) return;
    if (!callerFrom(platform, botId(ctx), chat, from, { senderChat })) return;
    await recordMessage(ctx, origin ? { kind: "forward", author: authorOf(origin) } : { kind: "text" });
  }

  bot.on(message("text"), async (ctx) => {
    const { text, entities, chat, from, sender_chat: senderChat } = ctx.message;
    const parsed = parseCommand(text, entities, ctx.botInfo.username, dialect);
    // A forwarded "/lead list" is someone else's message to capture, not a command of the person forwarding it.
    if (!parsed || ctx.message.forward_origin) return takeText(ctx);
    // In a group, a command of the product's or one written to this bot by name; in a private chat,
    // anything (an unknown one is answered with "I don't know that command").
    const ours = parsed.command === "start" || parsed.command === "help" || registry.tops().includes(parsed.command);
    // /skip, /back, /cancel, /done move through a form: in a group, written as the reply to its question (or
    // to this bot by name), so other bots' /cancel stays theirs.
    const move = (NAVS as readonly string[]).includes(parsed.command) && ctx.message.reply_to_message?.from?.id === ctx.botInfo.id;
    if (!ours && !move && chat.type !== "private" && !parsed.addressed) return;
    // Another bot, or a sender_chat that is neither the group itself nor a channel: nobody we serve.
    if (!callerFrom(platform, botId(ctx), chat, from, { senderChat })) return;
    await recordMessage(ctx, { kind: "command", command: parsed.command, argsAt: parsed.length });
  });

  bot.on(callbackQuery("data"), async (ctx) => {
    const query = ctx.callbackQuery;
    // A message older than 48 hours comes back "inaccessible" (date 0): it can no longer be edited.
    const onMessage = query.message && query.message.date !== 0 ? query.message : undefined;
    const chat = query.message?.chat;
    // Buttons are pressed by people; a bot pressing ours is ignored.
    if (query.from.is_bot) return ctx.answerCbQuery();
    const threadId = onMessage && "is_topic_message" in onMessage && onMessage.is_topic_message ? onMessage.message_thread_id : undefined;
    const outcome = await record(deliveryKeyOf(platform, botId(ctx), ctx.update.update_id), {
      kind: "press",
      botId: botId(ctx),
      data: query.data,
      queryId: query.id,
      chat: chat && storedChat(chat),
      from: query.from,
      messageId: onMessage?.message_id,
      threadId,
    });
    if (outcome === "busy") await ctx.answerCbQuery(t("inbox.busy"), { show_alert: true });
  });

  // Any other button (a game's, a stale one with no data) still gets its spinner stopped.
  bot.on("callback_query", (ctx) => ctx.answerCbQuery());

  // Logged and dropped: telegraf's default handler rethrows, which would end long polling for every chat.
  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, `${platform} update failed`);
  });

  return { bot };
}
