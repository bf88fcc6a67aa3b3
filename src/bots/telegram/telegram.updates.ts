import type { Chat, MessageEntity, MessageOriginChannel, MessageOriginChat, MessageOriginHiddenUser, MessageOriginUser, User } from "telegraf/types";
import type { CallerKey } from "../../domain/members/member.repo.js";
import { languageFromTag } from "../../domain/settings/language.js";
import { normalizeCaller } from "../user-text.js";
import type { BotApiDialect } from "./bot-api.dialects.js";

/**
 * Reading Telegram updates into the terms of the dispatcher: who is calling from which chat space, and the
 * command line they sent. Pure functions over the Bot API objects.
 */

export type ParsedCommand = {
  /** Lower-case command without slash or bot name: "lead". */
  command: string;
  /** Length of "/lead@acme_bot" in UTF-16 code units, where the arguments start. */
  length: number;
  /** Written as /lead@<this bot>, so meant for us even in a group with other bots. */
  addressed: boolean;
};

/** A command at the start of a message, as Telegram's bot_command entities delimit one: /name or /name@bot. */
const COMMAND_TEXT = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)/;

/**
 * The command a message starts with, as the platform marked it (a bot_command entity at offset 0), or null
 * when it does not start with one or names another bot ("/lead@other_bot list" belongs to that bot). A Bot
 * API that marks no entities (Bale documents none) is read from the text itself.
 */
export function parseCommand(
  text: string,
  entities: readonly MessageEntity[] | undefined,
  botUsername: string,
  dialect: Pick<BotApiDialect, "commandEntities"> = { commandEntities: true },
): ParsedCommand | null {
  const first = dialect.commandEntities ? entities?.[0] : textCommand(text);
  if (!first || first.type !== "bot_command" || first.offset !== 0) return null;
  const [name = "", target] = text.slice(1, first.length).split("@");
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { command: name.toLowerCase(), length: first.length, addressed: target !== undefined };
}

/**
 * Replaces each text_mention (a person without a username, shown by name) with "@handle" when that person is
 * a member, so "/lead assign 12 Anna" reaches the domain as "/lead assign 12 @anna". Entity offsets are UTF-16
 * code units, the same units JavaScript strings index by. Works from the end so earlier offsets stay valid.
 */
export async function withTextMentions(
  text: string,
  entities: readonly MessageEntity[] | undefined,
  handleOf: (user: User) => Promise<string | null>,
): Promise<string> {
  const mentions = (entities ?? [])
    .filter((entity): entity is MessageEntity.TextMentionMessageEntity => entity.type === "text_mention")
    .sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const mention of mentions) {
    const handle = await handleOf(mention.user);
    if (handle) out = `${out.slice(0, mention.offset)}@${handle}${out.slice(mention.offset + mention.length)}`;
  }
  return out;
}

function textCommand(text: string): MessageEntity | undefined {
  const match = COMMAND_TEXT.exec(text);
  return match ? { type: "bot_command", offset: 0, length: match[0].length } : undefined;
}

export const displayNameOf = (user: User) => [user.first_name, user.last_name].filter(Boolean).join(" ") || String(user.id);

/**
 * Who wrote a forwarded message, as its origin names them: the person (or the name they forward under when
 * they hide their account), or the chat it came from, with the post's author signature when there is one.
 */
export function authorOf(origin: MessageOriginUser | MessageOriginHiddenUser | MessageOriginChat | MessageOriginChannel): string {
  switch (origin.type) {
    case "user":
      return displayNameOf(origin.sender_user);
    case "hidden_user":
      return origin.sender_user_name;
    case "chat": {
      const title = titleOf(origin.sender_chat) ?? String(origin.sender_chat.id);
      return origin.author_signature ? `${origin.author_signature} (${title})` : title;
    }
    case "channel": {
      const title = titleOf(origin.chat) ?? String(origin.chat.id);
      return origin.author_signature ? `${origin.author_signature} (${title})` : title;
    }
  }
}

/** The areas whose bare command (/lead alone) opens the menu in a Telegram chat instead of the topic's help. */
const MENU_TOPICS = new Set(["lead", "task", "invoice"]);

/**
 * The command line a message means. Telegram's home screen: /start (with or without a deep-link payload) and a bare
 * /lead, /task or /invoice show the menu of buttons (/crm menu); the help texts stay at /help and /crm help.
 */
export function commandLine(command: string, args: string): string {
  if (command === "start" || (args === "" && MENU_TOPICS.has(command))) return "/crm menu";
  return `/${command} ${args}`.trim();
}

/** The user id Telegram puts in `from` when a group admin posts anonymously (the group is in sender_chat). */
export const GROUP_ANONYMOUS_BOT_ID = 1087968824;

const titleOf = (chat: Chat) => ("title" in chat ? chat.title : undefined);

/**
 * The caller behind a message, or null when it is not someone the bot serves. The bot is the "workspace"
 * Telegram (or Bale) knows (one bot, one install); each chat, private or group, is a chat space that belongs to one
 * Threadline workspace. Who is speaking:
 * - a person: `from`;
 * - a group's anonymous admins (`sender_chat` is the group itself, `from` the shared GroupAnonymousBot): an
 *   identity of that group only, "chat:<group id>", never the same across groups;
 * - a channel (`sender_chat` is a channel: a post sent as the channel, or forwarded from a linked one): an
 *   identity of that channel;
 * - any other bot (`from.is_bot`): nobody; its messages are ignored.
 * `threadId` is the forum topic it was sent in, so replies and reminders stay in that topic.
 */
export function callerFrom(
  platform: BotApiDialect["platform"],
  botId: string,
  chat: Chat,
  from: User,
  { senderChat, threadId }: { senderChat?: Chat | undefined; threadId?: number | undefined } = {},
): CallerKey | null {
  const chatId = String(chat.id);
  const common = {
    platform,
    externalWorkspaceId: botId,
    externalChatId: chatId,
    chatTitle: titleOf(chat),
    private: chat.type === "private",
    directMessage: chat.type === "private",
    origin: { platform, chatId, ...(threadId !== undefined ? { threadId: String(threadId) } : {}) },
  };
  if (senderChat) {
    const anonymous = senderChat.id === chat.id;
    if (!anonymous && senderChat.type !== "channel") return null;
    // A chat speaking for itself has no language of its own: the workspace's applies.
    return normalizeCaller({
      ...common,
      externalUserId: `chat:${senderChat.id}`,
      displayName: titleOf(senderChat) ?? chatId,
      username: anonymous ? "admins" : "username" in senderChat ? senderChat.username : undefined,
      sender: anonymous ? "anonymous_admin" : "channel",
    });
  }
  if (from.is_bot) return null;
  return normalizeCaller({
    ...common,
    externalUserId: String(from.id),
    displayName: displayNameOf(from),
    username: from.username,
    locale: languageFromTag(from.language_code) ?? undefined,
  });
}

/** The key under which the dispatcher records an update, so a redelivery is answered, not redone. update_id can restart at a random value, so no high-water mark. */
export const deliveryKeyOf = (platform: BotApiDialect["platform"], botId: string, updateId: number) => `${platform}:${botId}:${updateId}`;
