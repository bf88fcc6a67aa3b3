import { randomBytes } from "node:crypto";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HtmlParseError, parseTelegramHtml, type ParsedEntity } from "./telegram-html.js";
import { createLimiter, TELEGRAM_LIMITS, type RateLimits } from "./telegram-limits.js";
import { parseMultipart, type FormFile } from "./telegram-multipart.js";
import { specViolations, typeViolations } from "./telegram-spec.js";

/**
 * A local Telegram Bot API server for tests and benchmarks, following docs/platform-facts.md section B:
 * the real telegraf client talks to it through `apiRoot`, over long polling or a webhook, and the test
 * plays the users (`userSays`, `press`) and reads what they would see (`botMessages`).
 */

/** A Telegram user; language_code is their app's language ("fa", "en-US"), which Telegram sends with each update. */
export type TgUser = { id: number; is_bot: boolean; first_name: string; last_name?: string; username?: string; language_code?: string };
export type TgChat =
  | { id: number; type: "private"; first_name: string; last_name?: string; username?: string }
  | { id: number; type: "group" | "supergroup"; title: string; is_forum?: boolean }
  | { id: number; type: "channel"; title: string; username?: string };

/** The user Telegram puts in `from` when a group admin posts anonymously (the group is in sender_chat). */
export const GROUP_ANONYMOUS_BOT: TgUser = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };
/** The user in `from` of a message sent on behalf of a channel (sender_chat is the channel). */
export const CHANNEL_BOT: TgUser = { id: 136817688, is_bot: true, first_name: "Channel", username: "Channel_Bot" };
export type TgEntity = ParsedEntity & { user?: TgUser };
export type TgButton = { text: string; callback_data?: string; url?: string };
export type TgKeyboard = { inline_keyboard: TgButton[][] };
/** A reply prompt (ForceReply) as the bot sent it; Telegram keeps it out of the Message object, the emulator beside it. */
export type TgForceReply = { force_reply: true; selective?: boolean; input_field_placeholder?: string };
/** Where a forwarded message came from (MessageOrigin). */
export type TgOrigin =
  | { type: "user"; date: number; sender_user: TgUser }
  | { type: "hidden_user"; date: number; sender_user_name: string }
  | { type: "chat"; date: number; sender_chat: TgChat; author_signature?: string }
  | { type: "channel"; date: number; chat: TgChat; message_id: number; author_signature?: string };
export type TgDocument = { file_id: string; file_unique_id: string; file_name: string; file_size: number };
export type TgMessage = {
  message_id: number;
  from: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: TgEntity[];
  caption?: string;
  caption_entities?: TgEntity[];
  document?: TgDocument;
  reply_markup?: TgKeyboard;
  reply_to_message?: TgMessage;
  /** A forwarded message: where it came from. */
  forward_origin?: TgOrigin;
  /** Who it was sent on behalf of: the group itself (anonymous admins) or a channel. */
  sender_chat?: TgChat;
  /** The forum topic it belongs to. */
  message_thread_id?: number;
  is_topic_message?: boolean;
  /** Service messages of a group upgraded to a supergroup. */
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
};
export type TgCallbackQuery = { id: string; from: TgUser; message?: TgMessage; chat_instance: string; data?: string };
export type TgUpdate = { update_id: number; message?: TgMessage; callback_query?: TgCallbackQuery };

/** One Bot API request as the emulator answered it. */
export type ApiCall = {
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  errorCode?: number;
  description?: string;
  result?: unknown;
  /** "webhook-reply": a `{"method":…}` body of a webhook response, executed as Telegram does (B5). */
  via: "http" | "webhook-reply";
  /** Sent with Transfer-Encoding: chunked (telegraf's multipart uploads, B10). */
  chunked: boolean;
  files: Record<string, FormFile>;
};

/** A failure to inject into the next call of a method: an API error, or a connection cut after the request arrived. */
export type Fault = { error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } } | "hang-up";

export type EmulatorOptions = {
  token?: string;
  bot?: { id?: number; username?: string; first_name?: string };
  /** Flood limits; false turns them off (functional tests that send fast in one chat). */
  limits?: false | Partial<RateLimits>;
  /** Milliseconds since the epoch: message dates, flood limits, the 24-hour update expiry. */
  now?: () => number;
  /** Webhook redelivery: first delay, doubling per failure up to the cap (Telegram: seconds, capped at 60-120 s). */
  webhookRetryMs?: number;
  webhookRetryMaxMs?: number;
  /** How long a webhook delivery may take before Telegram gives up on it and sends it again (60 s, B5). */
  webhookTimeoutMs?: number;
  /** The first update_id; Telegram restarts at a random value after a quiet week. */
  firstUpdateId?: number;
  /**
   * "bale": Bale's copy of the Bot API, as its documentation describes it (README "Bale"), refusing what it
   * does not document: no parse_mode, reply_parameters, link_preview_options or allowed_updates, no
   * setMyCommands, a webhook without secret_token (so no secret header), no methods run from a webhook's
   * response, and incoming messages without entities.
   */
  dialect?: "telegram" | "bale";
};

/** Parameters Bale's documentation does not have, by method: the Bale mode refuses a call that sends one. */
const BALE_UNDOCUMENTED: Record<string, string[]> = {
  sendmessage: ["parse_mode", "entities", "reply_parameters", "link_preview_options"],
  editmessagetext: ["parse_mode", "entities", "link_preview_options"],
  senddocument: ["parse_mode", "caption_entities", "reply_parameters"],
  setwebhook: ["secret_token", "allowed_updates"],
  getupdates: ["allowed_updates"],
};
const BALE_MISSING_METHODS = new Set(["setmycommands", "getmycommands", "deletemycommands"]);

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

type Pending = {
  update: TgUpdate;
  at: number;
  /** A redelivery of an update that was already confirmed: handed out once whatever the offset. */
  again: boolean;
  handedOut: boolean;
  delivering: boolean;
  failures: number;
  retryAt: number;
  settle: () => void;
  settled: Promise<void>;
};

type Poll = { offset: number; limit: number; finish: (updates: TgUpdate[]) => void; fail: (error: ApiError) => void };
type Webhook = { url: string; secret?: string; maxConnections: number; lastErrorDate?: number; lastErrorMessage?: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const JSON_FIELDS = ["reply_markup", "commands", "scope", "allowed_updates", "entities", "reply_parameters", "link_preview_options", "caption_entities"];

export class TelegramEmulator {
  readonly token: string;
  readonly me: TgUser & { username: string; can_join_groups: boolean; can_read_all_group_messages: boolean; supports_inline_queries: boolean };
  readonly calls: ApiCall[] = [];
  /** Chat id → the chat's messages (users' and the bot's), as they are now (after edits). */
  readonly chats = new Map<number, ChatState>();
  /** Commands published with setMyCommands, by scope type and language ("default/"). */
  readonly commands = new Map<string, Array<{ command: string; description: string }>>();
  readonly files = new Map<string, FormFile>();
  /** Calls that broke the Bot API's method list (telegram-spec.ts): each was answered 400, and close() fails. */
  readonly specViolations: string[] = [];
  private readonly now: () => number;
  private readonly limiter: ReturnType<typeof createLimiter> | null;
  private readonly queries = new Map<string, { answered: boolean; answer?: Record<string, unknown> }>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly blocked = new Set<number>();
  /** The users the test made, by id: text mentions and @usernames in the bot's messages name them. */
  private readonly users = new Map<number, TgUser>();
  /** Reply prompts (ForceReply) of the bot's messages, by "chat:message". */
  private readonly prompts = new Map<string, TgForceReply>();
  private readonly listeners = new Set<() => void>();
  private pending: Pending[] = [];
  private nextUpdateId: number;
  private nextUserId = 100_001;
  private nextGroupId = 1;
  private poll: Poll | null = null;
  private webhook: Webhook | null = null;
  private webhookInFlight = 0;
  private webhookTimer: NodeJS.Timeout | null = null;
  private server: Server | null = null;
  private closed = false;

  constructor(private readonly options: EmulatorOptions = {}) {
    const id = options.bot?.id ?? 7_000_001;
    this.token = options.token ?? `${id}:AAE-emulator_${randomBytes(6).toString("hex")}`;
    this.me = {
      id,
      is_bot: true,
      first_name: options.bot?.first_name ?? "Threadline",
      username: options.bot?.username ?? "threadline_test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    this.now = options.now ?? Date.now;
    this.limiter = options.limits === false ? null : createLimiter({ ...TELEGRAM_LIMITS, ...options.limits }, this.now);
    this.nextUpdateId = options.firstUpdateId ?? 1000;
  }

  // ── Lifecycle ──────────────────────────────────────────────────────────────────────────────────────

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  /** telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Stops serving; then fails (the test's teardown with it) if any call broke the Bot API's method list. */
  async close(): Promise<void> {
    this.closed = true;
    this.poll?.finish([]);
    if (this.webhookTimer) clearTimeout(this.webhookTimer);
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
    if (this.specViolations.length) throw new Error(`calls the Bot API would refuse:\n${this.specViolations.join("\n")}`);
  }

  // ── The test plays Telegram's users ────────────────────────────────────────────────────────────────

  user(name: { first_name: string; last_name?: string; username?: string; language_code?: string }): TgUser {
    const user = { id: this.nextUserId++, is_bot: false, ...name };
    this.users.set(user.id, user);
    return user;
  }

  /** The private chat with `user`; `started: false` means they never pressed Start, so the bot cannot write first. */
  privateChat(user: TgUser, { started = true } = {}): TgChat {
    const chat: TgChat = { id: user.id, type: "private", first_name: user.first_name };
    if (user.last_name) chat.last_name = user.last_name;
    if (user.username) chat.username = user.username;
    this.chatState(chat).started ||= started;
    return chat;
  }

  /** A group the bot is in. Group ids are negative; supergroups look like -100…. */
  group(title: string, type: "group" | "supergroup" = "supergroup"): TgChat {
    const n = this.nextGroupId++;
    const chat: TgChat = { id: type === "supergroup" ? -(1_000_000_000_000 + n) : -(4_000_000_000 + n), type, title };
    this.chatState(chat);
    return chat;
  }

  /** A channel (for posts sent on behalf of it in a group). */
  channel(title: string, username?: string): TgChat {
    const chat: TgChat = { id: -(1_000_000_000_000 + 500_000 + this.nextGroupId++), type: "channel", title, ...(username ? { username } : {}) };
    this.chatState(chat);
    return chat;
  }

  /** A forum topic in a supergroup (which becomes a forum): its message_thread_id. */
  forumTopic(chat: TgChat): number {
    const state = this.chatState(chat);
    if (state.chat.type !== "supergroup") throw new Error("forum topics exist in supergroups only");
    state.chat.is_forum = true;
    const id = state.nextId++;
    state.topics.add(id);
    return id;
  }

  /**
   * Telegram upgrades a group to a supergroup (B: its admins changed a setting): a new chat with a new id.
   * From then on the old id answers 400 with parameters.migrate_to_chat_id. `announce` delivers the two
   * service messages (migrate_to_chat_id in the old group, migrate_from_chat_id in the new supergroup);
   * without it the bot learns of the move only from a failed send.
   */
  upgradeToSupergroup(group: TgChat, by: TgUser, { announce = true } = {}): TgChat {
    const old = this.chatState(group);
    if (old.chat.type !== "group") throw new Error("only a basic group can be upgraded");
    const supergroup = this.group(old.chat.title, "supergroup");
    old.migratedTo = supergroup.id;
    if (announce) {
      const toMessage: TgMessage = { message_id: old.nextId++, from: by, chat: old.chat, date: this.seconds(), migrate_to_chat_id: supergroup.id };
      old.messages.push(toMessage);
      this.enqueue({ update_id: this.nextUpdateId++, message: toMessage });
      const state = this.chatState(supergroup);
      const fromMessage: TgMessage = { message_id: state.nextId++, from: by, chat: supergroup, date: this.seconds(), migrate_from_chat_id: group.id };
      state.messages.push(fromMessage);
      this.enqueue({ update_id: this.nextUpdateId++, message: fromMessage });
    }
    return supergroup;
  }

  /** The user blocks the bot: sends to their private chat get 403. */
  blockBot(user: TgUser): void {
    this.blocked.add(user.id);
  }

  /**
   * A user's message. Like the real server, the emulator marks commands (bot_command), @username mentions and
   * the given text mentions (people without a username, picked from the member list) as entities, in UTF-16 units.
   */
  userSays(
    chat: TgChat,
    from: TgUser,
    text: string,
    {
      textMentions = [],
      threadId,
      replyTo,
      forwardedFrom,
    }: { textMentions?: Array<{ text: string; user: TgUser }>; threadId?: number; replyTo?: number; forwardedFrom?: TgOrigin } = {},
  ) {
    const state = this.chatState(chat);
    if (chat.type === "private") state.started = true;
    const message: TgMessage = { message_id: state.nextId++, from, chat: state.chat, date: this.seconds(), text };
    if (threadId !== undefined) Object.assign(message, { message_thread_id: threadId, is_topic_message: true });
    if (replyTo !== undefined) {
      const target = this.message(chat.id, replyTo);
      if (!target) throw new Error(`no message ${replyTo} in chat ${chat.id} to reply to`);
      // As Telegram sends it: the replied-to message without its own reply_to_message.
      message.reply_to_message = { ...structuredClone(target), reply_to_message: undefined } as TgMessage;
      delete message.reply_to_message.reply_to_message;
    }
    if (forwardedFrom) {
      const problems = typeViolations(originType[forwardedFrom.type], forwardedFrom, "forward_origin");
      if (problems.length) throw new Error(problems.join("\n"));
      message.forward_origin = forwardedFrom;
    }
    const entities = this.bale ? [] : commandAndMentionEntities(text);
    for (const mention of textMentions) {
      const offset = text.indexOf(mention.text);
      if (offset === -1) throw new Error(`"${mention.text}" is not in the message`);
      entities.push({ type: "text_mention", offset, length: mention.text.length, user: mention.user });
    }
    if (entities.length) message.entities = entities.sort((a, b) => a.offset - b.offset);
    state.messages.push(message);
    return this.enqueue({ update_id: this.nextUpdateId++, message });
  }

  /** A user's reply to a message of the chat (the bot's question): what a reply prompt makes them send. */
  userReplies(chat: TgChat, from: TgUser, to: number, text: string) {
    return this.userSays(chat, from, text, { replyTo: to });
  }

  /**
   * A message `from` forwards into `chat` (their private chat with the bot): its text and where it came from.
   * `origin` is a person (their User), a person who hides their account (a name only), a group's anonymous
   * admins or a channel (the chat).
   */
  userForwards(chat: TgChat, from: TgUser, text: string, origin: TgUser | string | TgChat, { date = this.seconds() - 3600 } = {}) {
    const forwardedFrom: TgOrigin =
      typeof origin === "string"
        ? { type: "hidden_user", date, sender_user_name: origin }
        : "is_bot" in origin
          ? { type: "user", date, sender_user: origin }
          : origin.type === "channel"
            ? { type: "channel", date, chat: origin, message_id: 1 + (date % 1000) }
            : { type: "chat", date, sender_chat: origin };
    return this.userSays(chat, from, text, { forwardedFrom });
  }

  /**
   * The reply prompt on one of the bot's messages, and whom it shows to. With `selective`, Telegram shows it
   * to the users @mentioned in the message's text (a @username, or a text mention) and to the sender of the
   * message it replies to (ForceReply, Bot API); without it, to everyone in the chat (`shownTo` null).
   */
  prompt(chat: TgChat, messageId: number): { placeholder?: string; selective: boolean; shownTo: number[] | null } | undefined {
    const markup = this.prompts.get(`${chat.id}:${messageId}`);
    const message = this.message(chat.id, messageId);
    if (!markup || !message) return undefined;
    const placeholder = markup.input_field_placeholder === undefined ? {} : { placeholder: markup.input_field_placeholder };
    if (!markup.selective) return { ...placeholder, selective: false, shownTo: null };
    const byUsername = new Map([...this.users.values()].filter((user) => user.username).map((user) => [user.username!.toLowerCase(), user.id]));
    // Any @name a test user has (Telegram's own are 5-32 characters; the tests' "anna" is shorter).
    const mentioned = [...(message.text ?? "").matchAll(/(?:^|\s)@([A-Za-z0-9_]{1,32})/g)].flatMap((match) => byUsername.get(match[1]!.toLowerCase()) ?? []);
    const named = (message.entities ?? []).flatMap((entity) => (entity.type === "text_mention" && entity.user ? [entity.user.id] : []));
    const quoted = message.reply_to_message && !message.reply_to_message.from.is_bot ? [message.reply_to_message.from.id] : [];
    return { ...placeholder, selective: true, shownTo: [...new Set([...mentioned, ...named, ...quoted])] };
  }

  /** A group admin posting anonymously: `from` is GroupAnonymousBot, `sender_chat` the group itself. */
  anonymousAdminSays(group: TgChat, text: string) {
    const sent = this.userSays(group, GROUP_ANONYMOUS_BOT, text);
    sent.update.message!.sender_chat = this.chatState(group).chat;
    return sent;
  }

  /** A message sent in `group` on behalf of `channel` (`from` is Channel_Bot, `sender_chat` the channel). */
  channelSays(group: TgChat, channel: TgChat, text: string) {
    const sent = this.userSays(group, CHANNEL_BOT, text);
    sent.update.message!.sender_chat = channel;
    return sent;
  }

  /** A press of the button carrying `data` on one of the bot's messages. */
  press(chat: TgChat, from: TgUser, messageId: number, data: string) {
    const message = this.message(chat.id, messageId);
    const buttons = message?.reply_markup?.inline_keyboard.flat() ?? [];
    if (!message || !buttons.some((button) => button.callback_data === data)) {
      throw new Error(`message ${messageId} in chat ${chat.id} has no button with callback_data ${data}`);
    }
    const id = BigInt(`0x${randomBytes(7).toString("hex")}`).toString();
    this.queries.set(id, { answered: false });
    const query: TgCallbackQuery = { id, from, message: structuredClone(message), chat_instance: String(chat.id * 7), data };
    return this.enqueue({ update_id: this.nextUpdateId++, callback_query: query });
  }

  /**
   * Sends an update again with the same update_id, as Telegram does after a webhook delivery that got no
   * answer, or as a poller sees it after a restart that never confirmed it. Handed out once, whatever the offset.
   */
  redeliver(update: TgUpdate) {
    return this.enqueue(structuredClone(update), true);
  }

  /** The next call of `method` fails with `fault` (an API error or a cut connection). */
  fail(method: string, fault: Fault): void {
    const key = method.toLowerCase();
    this.faults.set(key, [...(this.faults.get(key) ?? []), fault]);
  }

  // ── What users see and what the bot did ────────────────────────────────────────────────────────────

  botMessages(chat: TgChat | number): TgMessage[] {
    const id = typeof chat === "number" ? chat : chat.id;
    return (this.chats.get(id)?.messages ?? []).filter((message) => message.from.id === this.me.id);
  }

  message(chatId: number, messageId: number): TgMessage | undefined {
    return this.chats.get(chatId)?.messages.find((message) => message.message_id === messageId);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method.toLowerCase());
  }

  /** Callback queries no one answered: each one is a user watching a spinner. */
  unansweredCallbackQueries(): string[] {
    return [...this.queries].filter(([, query]) => !query.answered).map(([id]) => id);
  }

  callbackAnswer(queryId: string): Record<string, unknown> | undefined {
    return this.queries.get(queryId)?.answer;
  }

  /** Sends refused with 429 by the flood limits. */
  get rateLimitedCount(): number {
    return this.limiter?.rejected ?? 0;
  }

  get pendingUpdateCount(): number {
    return this.pending.length;
  }

  /** Resolves with the first recorded call (past or future) of `method` that matches. */
  waitFor(method: string, matches: (call: ApiCall) => boolean = () => true): Promise<ApiCall> {
    const find = () => this.calls.find((call) => call.method === method.toLowerCase() && matches(call));
    return new Promise((resolve) => {
      const found = find();
      if (found) return resolve(found);
      const listener = () => {
        const call = find();
        if (call) {
          this.listeners.delete(listener);
          resolve(call);
        }
      };
      this.listeners.add(listener);
    });
  }

  // ── Updates: queue, long polling, webhook ──────────────────────────────────────────────────────────

  private enqueue(update: TgUpdate, again = false): { update: TgUpdate; settled: Promise<void> } {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.pending.push({ update, at: this.now(), again, handedOut: false, delivering: false, failures: 0, retryAt: 0, settle, settled });
    if (this.webhook) this.pump();
    else if (this.poll) this.poll.finish(this.handOut(this.poll.offset, this.poll.limit));
    return { update, settled };
  }

  /** getUpdates' offset confirms every update below it (a negative one keeps only the last -offset). */
  private confirm(offset: number): void {
    const expired = this.now() - DAY_MS;
    const keep = (entry: Pending, index: number) =>
      entry.at >= expired &&
      (offset > 0 ? entry.update.update_id >= offset || (entry.again && !entry.handedOut) : offset < 0 ? index >= this.pending.length + offset : true);
    const [kept, gone] = partition(this.pending, keep);
    this.pending = kept;
    for (const entry of gone) entry.settle();
  }

  private handOut(offset: number, limit: number): TgUpdate[] {
    const ready = this.pending.filter((entry) => entry.update.update_id >= offset || (entry.again && !entry.handedOut)).slice(0, limit);
    for (const entry of ready) entry.handedOut = true;
    return ready.map((entry) => entry.update);
  }

  private getUpdates(params: Record<string, unknown>, res: ServerResponse): Promise<TgUpdate[]> | TgUpdate[] {
    if (this.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Number(params.timeout ?? 0);
    this.confirm(offset);
    const ready = this.handOut(offset, limit);
    if (ready.length || timeout <= 0 || this.closed) return ready;
    this.poll?.fail(new ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        if (this.poll === poll) this.poll = null;
      };
      const poll: Poll = {
        offset,
        limit,
        finish: (updates) => (done(), resolve(updates)),
        fail: (error) => (done(), reject(error)),
      };
      // Held until an update arrives or `timeout` seconds pass; a client that gave up (telegraf's stop) is forgotten.
      const timer = setTimeout(() => poll.finish([]), timeout * 1000);
      res.on("close", () => !res.writableEnded && done());
      this.poll = poll;
    });
  }

  private chatKey(update: TgUpdate): string {
    const chat = update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id;
    return chat === undefined ? `update:${update.update_id}` : String(chat);
  }

  /**
   * Webhook delivery: in order, one update per chat at a time, up to max_connections at once; any non-2xx
   * or no answer within the timeout is retried with a doubling delay.
   */
  private pump(): void {
    if (!this.webhook || this.closed) return;
    const busy = new Set<string>();
    let nextRetry = Infinity;
    for (const entry of this.pending) {
      const key = this.chatKey(entry.update);
      if (busy.has(key)) continue;
      busy.add(key);
      if (entry.delivering) continue;
      if (entry.retryAt > Date.now()) {
        nextRetry = Math.min(nextRetry, entry.retryAt);
        continue;
      }
      if (this.webhookInFlight >= this.webhook.maxConnections) break;
      void this.deliver(entry, this.webhook);
    }
    if (this.webhookTimer) clearTimeout(this.webhookTimer);
    this.webhookTimer = nextRetry === Infinity ? null : setTimeout(() => this.pump(), nextRetry - Date.now());
  }

  private async deliver(entry: Pending, webhook: Webhook): Promise<void> {
    entry.delivering = true;
    this.webhookInFlight += 1;
    let failure: { message: string; retryAfterMs?: number } | null = null;
    try {
      const { status, headers, body } = await post(webhook.url, entry.update, webhook.secret, this.options.webhookTimeoutMs ?? 60_000);
      if (status >= 200 && status < 300) {
        this.pending = this.pending.filter((other) => other !== entry);
        await this.runWebhookReply(body);
        entry.settle();
      } else {
        const retryAfter = Number(headers["retry-after"]);
        failure = { message: `Wrong response from the webhook: ${status}`, ...(retryAfter > 0 ? { retryAfterMs: Math.min(retryAfter, 3600) * 1000 } : {}) };
      }
    } catch (error) {
      failure = { message: (error as Error).message };
    } finally {
      entry.delivering = false;
      this.webhookInFlight -= 1;
    }
    if (failure) {
      entry.failures += 1;
      const base = this.options.webhookRetryMs ?? 1000;
      const backoff = Math.min(base * 2 ** (entry.failures - 1), this.options.webhookRetryMaxMs ?? 60_000);
      entry.retryAt = Date.now() + (failure.retryAfterMs ?? backoff);
      webhook.lastErrorDate = this.seconds();
      webhook.lastErrorMessage = failure.message;
    }
    this.pump();
  }

  /** A 2xx body such as {"method":"answerCallbackQuery",…} is executed as an API call (B5, B11). */
  private async runWebhookReply(body: string): Promise<void> {
    let reply: unknown;
    try {
      reply = JSON.parse(body);
    } catch {
      return;
    }
    if (this.bale || !reply || typeof reply !== "object" || typeof (reply as { method?: unknown }).method !== "string") return;
    const { method, ...params } = reply as { method: string } & Record<string, unknown>;
    const name = method.toLowerCase();
    if (name.startsWith("get") || ["setwebhook", "deletewebhook", "close", "logout"].includes(name)) return;
    await this.call(name, params, { via: "webhook-reply", chunked: false, files: {} }).catch(() => {});
  }

  // ── The HTTP API ───────────────────────────────────────────────────────────────────────────────────

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const route = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/.exec(url.pathname);
    const body = await readBody(req);
    if (!route) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (route[1] !== this.token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = route[2]!.toLowerCase();
    const fault = this.faults.get(method)?.shift();
    if (fault === "hang-up") {
      this.record({ method, params: {}, ok: false, description: "connection cut", via: "http", chunked: false, files: {} });
      req.socket.destroy();
      return;
    }
    let params: Record<string, unknown>;
    let files: Record<string, FormFile> = {};
    try {
      ({ params, files } = readParams(req, body, url));
    } catch (error) {
      return send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(error as Error).message}` });
    }
    const chunked = req.headers["transfer-encoding"] === "chunked";
    if (fault) {
      this.record({ method, params, ok: false, errorCode: fault.error_code, description: fault.description, via: "http", chunked, files });
      return send(res, fault.error_code, { ok: false, ...fault });
    }
    try {
      const result = await this.call(method, params, { via: "http", chunked, files }, res);
      send(res, 200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      send(res, error.code, {
        ok: false,
        error_code: error.code,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      });
    }
  }

  private async call(method: string, params: Record<string, unknown>, how: Pick<ApiCall, "via" | "chunked" | "files">, res?: ServerResponse): Promise<unknown> {
    try {
      // Bale documents the older reply_to_message_id that Telegram's current spec no longer lists.
      const violations = specViolations(method, params, how.files).filter(
        (violation) => !(this.bale && violation.endsWith(": unknown parameter reply_to_message_id")),
      );
      if (violations.length) {
        this.specViolations.push(...violations);
        // As Telegram answers: 404 for a method it does not have, 400 for a bad call of one it has.
        if (violations[0]!.endsWith("no such Bot API method")) throw new ApiError(404, "Not Found: method not found");
        throw new ApiError(400, `Bad Request: ${violations[0]}`);
      }
      const result = await this.execute(method, params, how.files, res);
      this.record({ method, params, ok: true, result, ...how });
      return result;
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, `Internal Server Error: ${(error as Error).message}`);
      this.record({ method, params, ok: false, errorCode: apiError.code, description: apiError.description, ...how });
      throw apiError;
    }
  }

  private record(call: ApiCall): void {
    this.calls.push(call);
    for (const listener of [...this.listeners]) listener();
  }

  private get bale(): boolean {
    return this.options.dialect === "bale";
  }

  private execute(method: string, params: Record<string, unknown>, files: Record<string, FormFile>, res?: ServerResponse): unknown {
    if (this.bale) {
      if (BALE_MISSING_METHODS.has(method)) throw new ApiError(404, "Not Found: method not found");
      const undocumented = (BALE_UNDOCUMENTED[method] ?? []).filter((name) => params[name] !== undefined);
      if (undocumented.length) throw new ApiError(400, `Bad Request: Bale does not take ${undocumented.join(", ")}`);
      // Bale's reply_markup documents inline and reply keyboards, not ForceReply.
      if (isForceReply(params.reply_markup)) throw new ApiError(400, "Bad Request: Bale does not take a ForceReply reply_markup");
    }
    switch (method) {
      case "getme":
        return this.me;
      case "getupdates":
        return this.getUpdates(params, res!);
      case "deletewebhook":
        this.webhook = null;
        if (params.drop_pending_updates) this.confirm(Number.MAX_SAFE_INTEGER);
        return true;
      case "setwebhook":
        return this.setWebhook(params);
      case "getwebhookinfo":
        return {
          url: this.webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: this.pending.length,
          ...(this.webhook ? { max_connections: this.webhook.maxConnections } : {}),
          ...(this.webhook?.lastErrorDate ? { last_error_date: this.webhook.lastErrorDate, last_error_message: this.webhook.lastErrorMessage } : {}),
        };
      case "sendmessage":
        return this.sendMessage(params);
      case "editmessagetext":
        return this.editMessageText(params);
      case "answercallbackquery":
        return this.answerCallbackQuery(params);
      case "senddocument":
        return this.sendDocument(params, files);
      case "setmycommands":
        return this.setMyCommands(params);
      case "getmycommands":
        return this.commands.get(scopeKey(params)) ?? [];
      default:
        throw new ApiError(404, "Not Found: method not found");
    }
  }

  private setWebhook(params: Record<string, unknown>): true {
    const url = String(params.url ?? "");
    if (url === "") {
      this.webhook = null;
      return true;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ApiError(400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known");
    }
    // Telegram wants HTTPS on 443/80/88/8443; the emulator also takes plain HTTP on loopback, where tests listen.
    const loopback = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost";
    if (parsed.protocol !== "https:" && !loopback) throw new ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
    if (!loopback && !["", "443", "80", "88", "8443"].includes(parsed.port)) {
      throw new ApiError(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
    }
    const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw new ApiError(400, "Bad Request: secret token contains unallowed characters");
    }
    const maxConnections = Number(params.max_connections ?? 40);
    this.webhook = { url, maxConnections: Math.min(100, Math.max(1, maxConnections)), ...(secret ? { secret } : {}) };
    if (params.drop_pending_updates) this.confirm(Number.MAX_SAFE_INTEGER);
    // A poll still waiting when a webhook is set ends with the same conflict a new one would get.
    this.poll?.fail(new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
    this.pump();
    return true;
  }

  private writableChat(params: Record<string, unknown>) {
    const id = Number(params.chat_id);
    const state = this.chats.get(id);
    if (!state) throw new ApiError(400, "Bad Request: chat not found");
    if (state.migratedTo !== undefined) {
      throw new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: state.migratedTo });
    }
    if (params.message_thread_id !== undefined && !state.topics.has(Number(params.message_thread_id))) {
      throw new ApiError(400, "Bad Request: message thread not found");
    }
    if (state.chat.type === "private" && this.blocked.has(id)) throw new ApiError(403, "Forbidden: bot was blocked by the user");
    if (state.chat.type === "private" && !state.started) throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
    return state;
  }

  private rateLimit(chat: TgChat): void {
    const limited = this.limiter?.take(chat.id, chat.type !== "private");
    if (limited) {
      throw new ApiError(429, `Too Many Requests: retry after ${limited.retryAfter}`, { retry_after: limited.retryAfter });
    }
  }

  private formatted(text: string, parseMode: unknown, max: number, what: "message" | "caption"): { text: string; entities?: TgEntity[] } {
    let parsed: { text: string; entities: TgEntity[] } = { text, entities: [] };
    if (parseMode === "HTML") {
      try {
        parsed = parseTelegramHtml(text);
      } catch (error) {
        if (error instanceof HtmlParseError) throw new ApiError(400, `Bad Request: can't parse entities: ${error.message}`);
        throw error;
      }
    } else if (parseMode !== undefined && parseMode !== "") {
      throw new ApiError(400, `Bad Request: the emulator implements parse_mode HTML only, not ${String(parseMode)}`);
    }
    if (what === "message" && parsed.text.trim() === "") throw new ApiError(400, "Bad Request: message text is empty");
    if (parsed.text.length > max) throw new ApiError(400, what === "message" ? "Bad Request: message is too long" : "Bad Request: message caption is too long");
    // A link to tg://user?id=<id> names that user: Telegram makes it a text mention carrying the user.
    parsed.entities = parsed.entities.map((entity) => {
      const id = entity.type === "text_link" ? /^tg:\/\/user\?id=(\d+)$/.exec(entity.url ?? "")?.[1] : undefined;
      const user = id === undefined ? undefined : this.users.get(Number(id));
      if (id !== undefined && !user) throw new ApiError(400, "Bad Request: can't parse entities: the user mentioned by id is unknown");
      return user ? { type: "text_mention", offset: entity.offset, length: entity.length, user } : entity;
    });
    return parsed.entities.length ? parsed : { text: parsed.text };
  }

  private sendMessage(params: Record<string, unknown>): TgMessage {
    const state = this.writableChat(params);
    const { text, entities } = this.formatted(String(params.text ?? ""), params.parse_mode, 4096, "message");
    // A reply prompt or an inline keyboard: one reply_markup per message. The prompt's fields were checked
    // against the spec's ForceReply with the call.
    const prompt = isForceReply(params.reply_markup) ? params.reply_markup : undefined;
    if (prompt && state.chat.type === "channel") throw new ApiError(400, "Bad Request: force reply is not supported in channels");
    const keyboard = prompt ? undefined : validKeyboard(params.reply_markup);
    const replyTo = this.replyTarget(
      state.chat.id,
      params.reply_to_message_id === undefined ? params.reply_parameters : { message_id: params.reply_to_message_id, allow_sending_without_reply: true },
    );
    this.rateLimit(state.chat);
    const message: TgMessage = { message_id: state.nextId++, from: this.me, chat: state.chat, date: this.seconds(), text, ...inTopic(params) };
    if (entities) message.entities = entities;
    if (keyboard) message.reply_markup = keyboard;
    if (replyTo) message.reply_to_message = replyTo;
    if (prompt) this.prompts.set(`${state.chat.id}:${message.message_id}`, prompt);
    state.messages.push(message);
    return message;
  }

  private replyTarget(chatId: number, parameters: unknown): TgMessage | undefined {
    if (!parameters || typeof parameters !== "object") return undefined;
    const { message_id, allow_sending_without_reply } = parameters as { message_id?: number; allow_sending_without_reply?: boolean };
    const target = this.message(chatId, Number(message_id));
    if (!target && !allow_sending_without_reply) throw new ApiError(400, "Bad Request: message to be replied not found");
    return target && { ...target, reply_to_message: undefined } as TgMessage;
  }

  private editMessageText(params: Record<string, unknown>): TgMessage {
    const message = this.message(Number(params.chat_id), Number(params.message_id));
    if (!message) throw new ApiError(400, "Bad Request: message to edit not found");
    if (message.from.id !== this.me.id) throw new ApiError(400, "Bad Request: message can't be edited");
    const { text, entities } = this.formatted(String(params.text ?? ""), params.parse_mode, 4096, "message");
    const keyboard = validKeyboard(params.reply_markup);
    const same =
      message.text === text &&
      JSON.stringify(message.entities ?? []) === JSON.stringify(entities ?? []) &&
      JSON.stringify(message.reply_markup ?? null) === JSON.stringify(keyboard ?? null);
    if (same) {
      throw new ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    }
    message.text = text;
    if (entities) message.entities = entities;
    else delete message.entities;
    // Editing without reply_markup removes the keyboard.
    if (keyboard) message.reply_markup = keyboard;
    else delete message.reply_markup;
    message.edit_date = this.seconds();
    return message;
  }

  private answerCallbackQuery(params: Record<string, unknown>): true {
    const query = this.queries.get(String(params.callback_query_id));
    if (!query || query.answered) throw new ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    if (params.text !== undefined && String(params.text).length > 200) throw new ApiError(400, "Bad Request: MESSAGE_TOO_LONG");
    query.answered = true;
    query.answer = params;
    return true;
  }

  private sendDocument(params: Record<string, unknown>, files: Record<string, FormFile>): TgMessage {
    const state = this.writableChat(params);
    const upload = files.document;
    if (!upload && typeof params.document !== "string") throw new ApiError(400, "Bad Request: there is no document in the request");
    const file = upload ?? { filename: String(params.document).split("/").at(-1) ?? "document", bytes: Buffer.alloc(0) };
    if (file.bytes.length > 50 * 1024 * 1024) throw new ApiError(413, "Request Entity Too Large");
    const caption = params.caption === undefined ? undefined : this.formatted(String(params.caption), params.parse_mode, 1024, "caption");
    this.rateLimit(state.chat);
    const fileId = `BQAC${randomBytes(12).toString("hex")}`;
    this.files.set(fileId, file);
    const message: TgMessage = {
      message_id: state.nextId++,
      from: this.me,
      chat: state.chat,
      date: this.seconds(),
      document: { file_id: fileId, file_unique_id: fileId.slice(-10), file_name: file.filename, file_size: file.bytes.length },
      ...inTopic(params),
    };
    if (caption) {
      message.caption = caption.text;
      if (caption.entities) message.caption_entities = caption.entities;
    }
    state.messages.push(message);
    return message;
  }

  private setMyCommands(params: Record<string, unknown>): true {
    const commands = params.commands;
    if (!Array.isArray(commands) || commands.length > 100) throw new ApiError(400, "Bad Request: commands must be a list of at most 100");
    for (const entry of commands as Array<{ command?: unknown; description?: unknown }>) {
      if (typeof entry.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(entry.command)) throw new ApiError(400, "Bad Request: BOT_COMMAND_INVALID");
      if (typeof entry.description !== "string" || entry.description.length < 1 || entry.description.length > 256) {
        throw new ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
      }
    }
    this.commands.set(scopeKey(params), commands as Array<{ command: string; description: string }>);
    return true;
  }

  private chatState(chat: TgChat) {
    let state = this.chats.get(chat.id);
    if (!state) {
      state = { chat, messages: [], started: false, nextId: 1, topics: new Set() };
      this.chats.set(chat.id, state);
    }
    return state;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

export async function startTelegramEmulator(options: EmulatorOptions = {}): Promise<TelegramEmulator> {
  const emulator = new TelegramEmulator(options);
  await emulator.listen();
  return emulator;
}

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────────────

type ChatState = {
  chat: TgChat;
  messages: TgMessage[];
  started: boolean;
  nextId: number;
  /** Forum topics (their message_thread_id). */
  topics: Set<number>;
  /** The supergroup this group was upgraded to: sends to the old id are refused with its id. */
  migratedTo?: number;
};

/** A sent message's topic, when the call named one. */
function inTopic(params: Record<string, unknown>): Partial<TgMessage> {
  return params.message_thread_id === undefined ? {} : { message_thread_id: Number(params.message_thread_id), is_topic_message: true };
}

/** bot_command and mention entities, as the server marks them in an incoming text (UTF-16 offsets). */
function commandAndMentionEntities(text: string): TgEntity[] {
  const entities: TgEntity[] = [];
  for (const match of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)/g)) {
    entities.push({ type: "bot_command", offset: match.index! + match[1]!.length, length: match[2]!.length });
  }
  for (const match of text.matchAll(/(^|\s)(@[A-Za-z0-9_]{5,32})/g)) {
    entities.push({ type: "mention", offset: match.index! + match[1]!.length, length: match[2]!.length });
  }
  return entities;
}

/** The spec type of each MessageOrigin, by its `type`. */
const originType: Record<TgOrigin["type"], string> = {
  user: "MessageOriginUser",
  hidden_user: "MessageOriginHiddenUser",
  chat: "MessageOriginChat",
  channel: "MessageOriginChannel",
};

function isForceReply(markup: unknown): markup is TgForceReply {
  return typeof markup === "object" && markup !== null && "force_reply" in markup;
}

function validKeyboard(markup: unknown): TgKeyboard | undefined {
  if (markup === undefined || markup === null) return undefined;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw new ApiError(400, "Bad Request: can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays");
  if (rows.flat().length > 100) throw new ApiError(400, "Bad Request: reply markup is too long");
  if (rows.some((row: unknown[]) => row.length > 8)) throw new ApiError(400, "Bad Request: too many buttons in a row (at most 8)");
  const clean: TgButton[][] = rows.map((row: Array<Record<string, unknown>>) =>
    row.map((button) => {
      if (typeof button.text !== "string" || button.text === "") throw new ApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      if (typeof button.callback_data === "string") {
        const bytes = Buffer.byteLength(button.callback_data);
        if (bytes < 1 || bytes > 64) throw new ApiError(400, "Bad Request: BUTTON_DATA_INVALID");
        return { text: button.text, callback_data: button.callback_data };
      }
      if (typeof button.url === "string") return { text: button.text, url: button.url };
      throw new ApiError(400, "Bad Request: can't parse inline keyboard button: the button needs callback_data or url");
    }),
  );
  return { inline_keyboard: clean };
}

function scopeKey(params: Record<string, unknown>): string {
  const scope = (params.scope as { type?: string } | undefined)?.type ?? "default";
  return `${scope}/${String(params.language_code ?? "")}`;
}

function readParams(req: IncomingMessage, body: Buffer, url: URL): { params: Record<string, unknown>; files: Record<string, FormFile> } {
  const type = String(req.headers["content-type"] ?? "");
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  let files: Record<string, FormFile> = {};
  if (type.startsWith("application/json")) {
    if (body.length) Object.assign(params, JSON.parse(body.toString("utf8")));
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  } else if (type.startsWith("multipart/form-data")) {
    const form = parseMultipart(body, type);
    Object.assign(params, form.fields);
    files = form.files;
  }
  // Form bodies carry objects as JSON strings (B1); JSON bodies may too.
  for (const field of JSON_FIELDS) if (typeof params[field] === "string") params[field] = JSON.parse(params[field] as string);
  return { params, files };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function partition<T>(items: T[], keep: (item: T, index: number) => boolean): [T[], T[]] {
  const kept: T[] = [];
  const gone: T[] = [];
  items.forEach((item, index) => (keep(item, index) ? kept : gone).push(item));
  return [kept, gone];
}

/** One webhook delivery: POST JSON with the secret header, as the Bot API server sends it. */
function post(url: string, update: TgUpdate, secret: string | undefined, timeoutMs: number) {
  return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }>((resolve, reject) => {
    const payload = JSON.stringify(update);
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      timeout: timeoutMs,
    });
    req.on("timeout", () => req.destroy(new Error("Read timeout expired")));
    req.on("error", reject);
    req.on("response", async (res) => {
      try {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (await readBody(res)).toString("utf8") });
      } catch (error) {
        reject(error);
      }
    });
    req.end(payload);
  });
}
