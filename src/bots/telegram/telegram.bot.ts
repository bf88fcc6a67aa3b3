import { Telegraf, type Context } from "telegraf";
import { callbackQuery, message } from "telegraf/filters";
import { editReply, postReply } from "./telegram.messenger.js";
import type { MemberRepo } from "../../domain/members/member.repo.js";
import type { Logger } from "../../log.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { Registry } from "../commands/registry.js";
import { callerFrom, deliveryKeyOf, parseCommand, withTextMentions } from "./telegram.updates.js";
import { normalizeUserText } from "../user-text.js";

export type TelegramBotDeps = {
  token: string;
  apiRoot?: string | undefined;
  dispatcher: Pick<Dispatcher, "handle" | "press">;
  members: Pick<MemberRepo, "findByIdentity">;
  registry: Registry;
  log: Logger;
};

/** answerCallbackQuery's text limit. */
const MAX_NOTICE = 200;

/**
 * The telegraf bot: a command message goes to the dispatcher and its reply back into the chat; a button
 * press goes to the dispatcher and edits the message it was on. No business rule lives here.
 */
export function createTelegramBot({ token, apiRoot, dispatcher, members, registry, log }: TelegramBotDeps) {
  // webhookReply stays on (telegraf's default): the answerCallbackQuery of a webhook delivery travels in the
  // HTTP response, which Telegram executes; the emulator does the same.
  // telegraf resolves "./bot<token>/<method>" against apiRoot, so a root with a path needs its trailing slash.
  const root = apiRoot && (apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/`);
  const bot = new Telegraf(token, root ? { telegram: { apiRoot: root } } : {});
  const inFlight = new Set<Promise<unknown>>();
  const chatQueues = new Map<string, Promise<void>>();

  /**
   * Updates of one chat run one at a time, in order: long polling hands over a batch at once, and
   * "/lead add …" then "/lead list" must not race. Different chats run side by side.
   */
  function inOrder(chatId: string, work: () => Promise<void>): Promise<void> {
    const run = (chatQueues.get(chatId) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => {});
    chatQueues.set(chatId, tail);
    void tail.then(() => chatQueues.get(chatId) === tail && chatQueues.delete(chatId));
    inFlight.add(run);
    void tail.then(() => inFlight.delete(run));
    return run;
  }

  const botId = (ctx: Context) => String(ctx.botInfo.id);

  bot.on(message("text"), (ctx) => {
    const { text, entities, chat, from, message_id } = ctx.message;
    const parsed = parseCommand(text, entities, ctx.botInfo.username);
    if (!parsed) return;
    // In a group, a command of the product's or one written to this bot by name; in a private chat,
    // anything (an unknown one is answered with "I don't know that command").
    const ours = parsed.command === "start" || parsed.command === "help" || registry.tops().includes(parsed.command);
    if (!ours && chat.type !== "private" && !parsed.addressed) return;

    return inOrder(String(chat.id), async () => {
      const id = botId(ctx);
      const caller = callerFrom(id, chat, from);
      const resolved = await withTextMentions(text, entities, async (user) => {
        const member = await members.findByIdentity({ platform: "telegram", externalWorkspaceId: id, externalUserId: String(user.id) });
        return member?.handle ?? null;
      });
      // Normalised only now: entity offsets count the text exactly as Telegram sent it.
      const args = normalizeUserText(resolved.slice(parsed.length)).trim();
      const answer = await dispatcher.handle(`/${parsed.command} ${args}`.trim(), caller, {
        deliveryKey: deliveryKeyOf(id, ctx.update.update_id),
      });
      await postReply(ctx.telegram, String(chat.id), answer, { replyTo: chat.type === "private" ? undefined : message_id });
    });
  });

  bot.on(callbackQuery("data"), (ctx) => {
    const query = ctx.callbackQuery;
    // A message older than 48 hours comes back "inaccessible" (date 0): it can no longer be edited.
    const onMessage = query.message && query.message.date !== 0 ? query.message : undefined;
    const chat = query.message?.chat;
    let answered = false;
    const answer = async (text?: string, alert = false) => {
      answered = true;
      const notice = text && text.length > MAX_NOTICE ? `${text.slice(0, MAX_NOTICE - 1)}…` : text;
      await ctx.answerCbQuery(notice, alert ? { show_alert: true } : {});
    };

    return inOrder(String(chat?.id ?? query.from.id), async () => {
      try {
        const id = botId(ctx);
        // A press on an inline message has no chat: it counts as the presser's private chat.
        const caller = callerFrom(id, chat ?? { id: query.from.id, type: "private", first_name: query.from.first_name }, query.from);
        const result = await dispatcher.press(query.data, caller, { deliveryKey: deliveryKeyOf(id, ctx.update.update_id) });
        if (result.kind === "alert") return await answer(result.text, true);
        if (onMessage) await editReply(ctx.telegram, String(onMessage.chat.id), onMessage.message_id, result.reply);
        else if (chat) await postReply(ctx.telegram, String(chat.id), result.reply);
        // Answered after the edit: over a webhook the answer is the HTTP response, which ends the delivery.
        await answer(result.notice);
      } finally {
        // The presser's button spins until the query is answered, whatever happened above.
        if (!answered) await answer().catch((error) => log.warn({ err: error }, "answerCallbackQuery failed"));
      }
    });
  });

  // Any other button (a game's, a stale one with no data) still gets its spinner stopped.
  bot.on("callback_query", (ctx) => ctx.answerCbQuery());

  // Logged and dropped: telegraf's default handler rethrows, which would end long polling for every chat.
  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, "telegram update failed");
  });

  return {
    bot,
    /** Resolves when every update being handled has finished. */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
