import { AsyncLocalStorage } from "node:async_hooks";
import type { ServerResponse } from "node:http";
import { Telegraf, type Context } from "telegraf";
import { callbackQuery, message } from "telegraf/filters";
import type { Chat } from "telegraf/types";
import type { Logger } from "../../log.js";
import type { InboxWorker } from "../inbox/inbox.worker.js";
import type { Registry } from "../commands/registry.js";
import type { Translate } from "../render/i18n.js";
import type { StoredChat, TelegramCommandRequest, TelegramPressRequest } from "./telegram.inbox.js";
import { deliveryKeyOf, parseCommand } from "./telegram.updates.js";

export type TelegramBotDeps = {
  token: string;
  apiRoot?: string | undefined;
  inbox: Pick<InboxWorker, "accept">;
  registry: Registry;
  log: Logger;
  t: Translate;
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
 * The telegraf bot as the door's intake: a command message or a button press is recorded in the inbox
 * (one insert) and the update is confirmed only then; the work and the answer follow from the inbox
 * (telegram.inbox.ts). No business rule lives here.
 */
export function createTelegramBot({ token, apiRoot, inbox, registry, log, t }: TelegramBotDeps) {
  // telegraf resolves "./bot<token>/<method>" against apiRoot, so a root with a path needs its trailing slash.
  const root = apiRoot && (apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/`);
  const bot = new Telegraf(token, root ? { telegram: { apiRoot: root } } : {});
  const botId = (ctx: Context) => String(ctx.botInfo.id);

  /** Records the update; on a database failure the transport is told not to confirm it. */
  async function record(key: string, request: TelegramCommandRequest | TelegramPressRequest) {
    try {
      return await inbox.accept(key, request);
    } catch (error) {
      log.error({ err: error, key }, "could not record a Telegram update; left for Telegram to send again");
      const intake = intakeScope.getStore();
      if (intake) {
        intake.refused = true;
        if (intake.response && !intake.response.headersSent) intake.response.writeHead(503, { "retry-after": "5" }).end();
      }
      return null;
    }
  }

  bot.on(message("text"), async (ctx) => {
    const { text, entities, chat, from, message_id } = ctx.message;
    const parsed = parseCommand(text, entities, ctx.botInfo.username);
    if (!parsed) return;
    // In a group, a command of the product's or one written to this bot by name; in a private chat,
    // anything (an unknown one is answered with "I don't know that command").
    const ours = parsed.command === "start" || parsed.command === "help" || registry.tops().includes(parsed.command);
    if (!ours && chat.type !== "private" && !parsed.addressed) return;
    const threadId = "message_thread_id" in ctx.message ? ctx.message.message_thread_id : undefined;
    const outcome = await record(deliveryKeyOf(botId(ctx), ctx.update.update_id), {
      kind: "command",
      botId: botId(ctx),
      command: parsed.command,
      argsAt: parsed.length,
      text,
      entities,
      chat: storedChat(chat),
      from,
      messageId: message_id,
      threadId,
    });
    // Over a webhook this answer travels in the HTTP response: refusing costs no API call.
    if (outcome === "busy") await ctx.reply(t("inbox.busy"), chat.type === "private" ? {} : { reply_parameters: { message_id, allow_sending_without_reply: true } });
  });

  bot.on(callbackQuery("data"), async (ctx) => {
    const query = ctx.callbackQuery;
    // A message older than 48 hours comes back "inaccessible" (date 0): it can no longer be edited.
    const onMessage = query.message && query.message.date !== 0 ? query.message : undefined;
    const chat = query.message?.chat;
    const outcome = await record(deliveryKeyOf(botId(ctx), ctx.update.update_id), {
      kind: "press",
      botId: botId(ctx),
      data: query.data,
      queryId: query.id,
      chat: chat && storedChat(chat),
      from: query.from,
      messageId: onMessage?.message_id,
    });
    if (outcome === "busy") await ctx.answerCbQuery(t("inbox.busy"), { show_alert: true });
  });

  // Any other button (a game's, a stale one with no data) still gets its spinner stopped.
  bot.on("callback_query", (ctx) => ctx.answerCbQuery());

  // Logged and dropped: telegraf's default handler rethrows, which would end long polling for every chat.
  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, "telegram update failed");
  });

  return { bot };
}
