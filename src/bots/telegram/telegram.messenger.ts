import { TelegramError, type Telegram } from "telegraf";
import type { Reply } from "../render/reply.js";
import { renderMessages, renderOne } from "./telegram.render.js";
import { TELEGRAM, type BotApiDialect } from "./bot-api.dialects.js";
import { DeliveryError, type ChatAddress, type Mention, type MessageRef, type Messenger, type OutgoingFile } from "../messenger.js";

/** Lead and contact e-mails and sites are auto-linked by Telegram; a preview card under a CRM reply is noise. */
const NO_PREVIEW = { is_disabled: true } as const;

/**
 * Posts a reply into a chat: its messages in order (a long list is several), then its files. Returns the
 * last message's id, the one carrying the buttons. Errors are telegraf's, unconverted: the door logs them,
 * the messenger converts them for the outbox.
 */
export async function postReply(
  telegram: Telegram,
  chatId: string,
  reply: Reply,
  {
    replyTo,
    threadId,
    mention,
    dialect = TELEGRAM,
  }: { replyTo?: number | undefined; threadId?: number | string | undefined; mention?: Mention | undefined; dialect?: BotApiDialect } = {},
): Promise<string | null> {
  // In a forum, the topic the command came from (or a reminder's origin): replies and files stay in it.
  const topic = threadId !== undefined ? { message_thread_id: Number(threadId) } : {};
  let last: string | null = null;
  const messages = renderMessages(reply, dialect.html ? "html" : "plain", { prompts: dialect.forceReply, mention });
  for (const [index, message] of messages.entries()) {
    // In a group the answer quotes the command, so it is clear whose it is; still sent if that was deleted.
    // A form's question with a reply prompt is one message: the quote aims the prompt at the one who answers.
    const quote = replyTo !== undefined && index === 0;
    const sent = await telegram.sendMessage(chatId, message.text, {
      ...formatOptions(dialect),
      ...topic,
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      ...(quote && dialect.replyParameters ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      ...(quote && !dialect.replyParameters ? { reply_to_message_id: replyTo } : {}),
    });
    last = String(sent.message_id);
  }
  for (const file of reply.attachments ?? []) {
    // A redelivered update gets the first answer back from the delivery log, where the bytes did not survive
    // JSON; the first delivery already posted the file, so the repeat posts no second (broken) copy.
    if (!(file.bytes instanceof Uint8Array)) continue;
    const sent = await telegram.sendDocument(chatId, { source: Buffer.from(file.bytes), filename: file.filename }, topic);
    last ??= String(sent.message_id);
  }
  return last;
}

/** HTML with no link previews on Telegram; nothing at all where the Bot API documents neither (Bale). */
function formatOptions(dialect: BotApiDialect) {
  return {
    ...(dialect.html ? { parse_mode: "HTML" as const } : {}),
    ...(dialect.replyParameters ? { link_preview_options: NO_PREVIEW } : {}),
  };
}

/** Replaces a message's text and keyboard; a reply without buttons removes them. "Not modified" is success. */
export async function editReply(telegram: Telegram, chatId: string, messageId: number, reply: Reply, dialect: BotApiDialect = TELEGRAM): Promise<void> {
  const message = renderOne(reply, dialect.html ? "html" : "plain");
  try {
    await telegram.editMessageText(chatId, messageId, undefined, message.text, {
      ...formatOptions(dialect),
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
    });
  } catch (error) {
    // A repeated press or a redelivered update edits to the same content; the message already says it.
    if (error instanceof TelegramError && error.code === 400 && /message is not modified/i.test(error.description)) return;
    throw error;
  }
}

/** 403 "bot is not a member of the channel chat", "bot was kicked from the group chat". */
const NOT_MEMBER = /not a member|was kicked/i;

/** Network failures where the request never reached the server: safe to send again. */
const NEVER_LEFT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/**
 * A failed Bot API call in the outbox's terms. telegraf does not retry (not even a 429), so this is the
 * one place that decides between waiting, retrying, giving up, and "it may have been delivered".
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof TelegramError) {
    const what = `Telegram ${error.code}: ${error.description}`;
    if (error.code === 429) return new DeliveryError("rate_limited", what, (error.parameters?.retry_after ?? 1) * 1000);
    // "group chat was upgraded to a supergroup chat": the same chat under a new id, to follow and send to again.
    const movedTo = error.parameters?.migrate_to_chat_id;
    if (error.code === 400 && movedTo !== undefined) return new DeliveryError("moved", what, undefined, { movedTo: String(movedTo) });
    if (error.code >= 500) return new DeliveryError("transient", what);
    // Removed from a group or channel: the person can still be reached in their DM, told to add the bot back.
    if (error.code === 403 && NOT_MEMBER.test(error.description)) return new DeliveryError("permanent", what, undefined, { notMember: true });
    // 400 chat not found / message can't be edited, 403 bot was blocked / can't initiate conversation.
    if (error.code === 400 || error.code === 403) return new DeliveryError("permanent", what);
    // 401/404 (a revoked or mistyped token), 409: our configuration, which someone can fix; worth retrying.
    return new DeliveryError("transient", what);
  }
  const failure = error as { name?: unknown; type?: unknown; code?: unknown; message?: unknown };
  // Given up past its time limit (bot-api.timeout.ts): the request may have reached Telegram.
  if (failure?.name === "AbortError") return new DeliveryError("uncertain", String(failure.message));
  if (failure?.name === "FetchError") {
    const message = String(failure.message);
    if (typeof failure.code === "string" && NEVER_LEFT.has(failure.code)) return new DeliveryError("transient", message);
    // A reset, a hang-up or a timeout after the request was written: Telegram may have posted it.
    return new DeliveryError("uncertain", message);
  }
  // Our own error before anything was sent (an oversized button payload): the same input fails the same way.
  return new DeliveryError("permanent", error instanceof Error ? error.message : String(error));
}

/** The outbound side of the Telegram (or Bale) door: reminders, approvals, digests. Neither can search sent messages, so no findSent. */
export function createTelegramMessenger(telegram: Telegram, dialect: BotApiDialect = TELEGRAM): Messenger {
  const { platform } = dialect;
  const ref = (to: ChatAddress, messageId: string): MessageRef => ({ platform, chatId: to.chatId, messageId });
  return {
    platform,
    async send(to, reply, options = {}) {
      try {
        // A row's own topic (a command's reply), else its address's (a PDF for a command in a forum topic).
        const id = await postReply(telegram, to.chatId, reply, {
          replyTo: options.replyTo === undefined ? undefined : Number(options.replyTo),
          threadId: options.threadId ?? to.threadId,
          mention: options.mention,
          dialect,
        });
        if (id === null) throw new DeliveryError("permanent", "the reply has nothing to send");
        return ref(to, id);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async edit(message, reply) {
      try {
        await editReply(telegram, message.chatId, Number(message.messageId), reply, dialect);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async sendFile(to, file: OutgoingFile) {
      try {
        const sent = await telegram.sendDocument(
          to.chatId,
          { source: Buffer.from(file.bytes), filename: file.filename },
          // Sent as plain text (no parse_mode), so nothing to escape; Telegram takes 1024 characters.
          {
            ...(to.threadId !== undefined ? { message_thread_id: Number(to.threadId) } : {}),
            ...(file.caption ? { caption: [...file.caption].slice(0, 1024).join("") } : {}),
          },
        );
        return ref(to, String(sent.message_id));
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
