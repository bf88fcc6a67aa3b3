import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { blockKitProblems } from "./slack-limits.js";
import { appHomeOpenedEvent, createViews, viewButtonPayload, type StoredView } from "./slack-views.js";
import { messageShortcutPayload, submissionOutcome, viewState, viewSubmissionPayload, type ShortcutMessage } from "./slack-modals.js";
import {
  buttonPayload,
  commandPayload,
  sign,
  type ButtonPress,
  type CommandFields,
  type SlackTeam,
  type SlackUser,
} from "./slack-payloads.js";

/**
 * A local Slack: the Web API (POST /api/<method>, form or JSON, HTTP 200 JSON answers), response_url
 * endpoints, files upload v2, Socket Mode (apps.connections.open + a WebSocket that sends hello and takes
 * acks), and the other direction: signed slash commands and button presses sent to the app. Everything is
 * recorded in order (`seq`), so tests can say what happened before what without timing anything.
 */

/** What users.info knows about a person: name, profile time zone, and their Slack language ("fa-IR"). */
export type SlackProfile = { name?: string; tz?: string; locale?: string };

export type SlackEmulatorOptions = {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  team?: SlackTeam;
  /** Profiles users.info answers with. */
  users?: Record<string, SlackProfile>;
  /** chat.postMessage per channel: more than `perSecond` in a second answers 429 with Retry-After. */
  rateLimit?: { perSecond: number };
  /** The emulator's clock in ms (rate limits, message ts); signatures always use the real time unless given one. */
  now?: () => number;
  /**
   * The channels (C…, G…) the bot is a member of. As on Slack, conversations.history and
   * files.completeUploadExternal answer not_in_channel elsewhere, while chat.postMessage still posts into a
   * public channel (chat:write.public). DMs always work. Unset: a member of every channel.
   */
  botChannels?: string[];
  /** features.app_home.home_tab_enabled: off, views.publish answers not_enabled. Default on. */
  homeTabEnabled?: boolean;
};

export type ApiCall = { seq: number; method: string; token: string | undefined; args: Record<string, any> };
export type StoredMessage = {
  ts: string;
  channel: string;
  text?: string;
  blocks?: any[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
};
export type ResponsePost = { seq: number; id: string; body: any; status: number };
export type SentRequest = { seq: number; status: number; body: string; responseUrl?: string };

/**
 * Whether Slack would count this answer as the app taking the command on: a 200 with an empty body. A 200
 * that carries a message (the app's "busy, try again") is shown to the person instead: a refusal, not an ack.
 */
export const tookCommand = (sent: Pick<SentRequest, "status" | "body">) => sent.status === 200 && sent.body.trim() === "";
/**
 * A one-shot failure for the next call of a method: a platform error, an HTTP status, no answer at all, or
 * an answer (and its effect) only after `delayMs` (a slow Slack; the client may give up waiting first).
 */
export type Fault = { error: string } | { status: number } | { hang: true } | { delayMs: number };

const JSON_FIELDS = new Set(["blocks", "view", "files", "metadata", "attachments"]);
const RESPONSE_URL_USES = 5;

export async function startSlackEmulator(options: SlackEmulatorOptions = {}) {
  const botToken = options.botToken ?? "xoxb-test-token";
  const appToken = options.appToken ?? "xapp-test-token";
  const signingSecret = options.signingSecret ?? "test-signing-secret";
  const team = options.team ?? { id: "T0ACME", domain: "acme" };
  const now = options.now ?? Date.now;
  const users = new Map(Object.entries(options.users ?? {}));

  const events = new EventEmitter();
  let seq = 0;
  const next = () => ++seq;
  const calls: ApiCall[] = [];
  const responses: ResponsePost[] = [];
  const channels = new Map<string, StoredMessage[]>();
  const ephemerals: Array<{ channel: string; user: string; text?: string; blocks?: any[] }> = [];
  const uploads = new Map<string, { filename: string; length: number; bytes?: Buffer; channel?: string; title?: string }>();
  const responseUrls = new Map<string, number>();
  const views = createViews({ team, now, ...(options.homeTabEnabled === undefined ? {} : { homeTabEnabled: options.homeTabEnabled }) });
  const faults = new Map<string, Fault[]>();
  const postTimes = new Map<string, number[]>();
  const hung: ServerResponse[] = [];
  const delays = new Set<NodeJS.Timeout>();
  const botChannels = options.botChannels ? new Set(options.botChannels) : null;
  /** Whether the bot may read or upload into this conversation: DMs always; channels by membership. */
  const isMember = (channel: string | undefined) => !botChannels || !channel || !/^[CG]/.test(channel) || botChannels.has(channel);
  let rateLimited = 0;
  let tsCounter = 0;

  const record = () => events.emit("record");
  const newTs = () => `${Math.floor(now() / 1000)}.${String(++tsCounter).padStart(6, "0")}`;
  const dmOf = (id: string) => (/^[UW]/.test(id) ? `D${id.slice(1)}` : id);
  const messagesIn = (channel: string) => {
    let list = channels.get(channel);
    if (!list) channels.set(channel, (list = []));
    return list;
  };

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function parseArgs(req: IncomingMessage, raw: Buffer): Record<string, any> {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
    if (type === "application/json") return raw.length ? JSON.parse(raw.toString()) : {};
    const args: Record<string, any> = {};
    for (const [key, value] of new URLSearchParams(raw.toString())) {
      args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
    }
    return args;
  }

  const ok = (extra: Record<string, unknown> = {}) => ({ ok: true, ...extra });
  const fail = (error: string) => ({ ok: false, error });

  /** The Web API methods the app uses. Each returns the JSON body (always HTTP 200). */
  function apiMethod(method: string, args: Record<string, any>, token: string | undefined): Record<string, unknown> {
    if (method === "apps.connections.open") {
      if (token !== appToken) return fail("invalid_auth");
      return ok({ url: `ws://127.0.0.1:${port}/link?ticket=${randomUUID()}` });
    }
    if (token !== botToken) return fail(token ? "invalid_auth" : "not_authed");
    switch (method) {
      case "auth.test":
        return ok({ url: `https://${team.domain}.slack.com/`, team: team.domain, user: "threadline", team_id: team.id, user_id: "U0BOT", bot_id: "B0BOT" });
      case "chat.postMessage": {
        if (!args.channel) return fail("channel_not_found");
        if (!args.text && !args.blocks) return fail("no_text");
        if (args.blocks && blockKitProblems(args.blocks).length) return fail("invalid_blocks");
        const message: StoredMessage = { ts: newTs(), channel: dmOf(args.channel), text: args.text, blocks: args.blocks };
        if (args.metadata) message.metadata = args.metadata;
        messagesIn(message.channel).push(message);
        return ok({ channel: message.channel, ts: message.ts, message: { text: message.text, ts: message.ts } });
      }
      case "chat.update": {
        const message = messagesIn(args.channel).find((m) => m.ts === args.ts);
        if (!message) return fail("message_not_found");
        if (args.blocks && blockKitProblems(args.blocks).length) return fail("invalid_blocks");
        Object.assign(message, { text: args.text, blocks: args.blocks });
        return ok({ channel: args.channel, ts: args.ts, text: args.text });
      }
      case "chat.postEphemeral":
        ephemerals.push({ channel: args.channel, user: args.user, text: args.text, blocks: args.blocks });
        return ok({ message_ts: newTs() });
      case "conversations.open":
        return ok({ channel: { id: dmOf(String(args.users ?? "").split(",")[0]!) } });
      case "conversations.history": {
        if (!isMember(args.channel)) return fail("not_in_channel");
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
        const limit = Number(args.limit ?? 100);
        const list = [...messagesIn(args.channel)].reverse().slice(0, limit);
        return ok({
          messages: list.map(({ metadata, ...m }) => ({ type: "message", ...m, ...(withMetadata && metadata ? { metadata } : {}) })),
          has_more: false,
        });
      }
      case "users.info": {
        const user = users.get(args.user);
        if (!user) return fail("user_not_found");
        // Slack sends the locale ("fa-IR") only to a caller that asks for it.
        const withLocale = args.include_locale === true || args.include_locale === "true";
        return ok({ user: { id: args.user, name: user.name ?? args.user, tz: user.tz, is_bot: false, ...(withLocale && user.locale ? { locale: user.locale } : {}) } });
      }
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish":
        return views.call(method, args)!;
      case "files.getUploadURLExternal": {
        const id = `F${randomUUID().slice(0, 10).toUpperCase()}`;
        uploads.set(id, { filename: args.filename, length: Number(args.length) });
        return ok({ upload_url: `http://127.0.0.1:${port}/upload/${id}`, file_id: id });
      }
      case "files.completeUploadExternal": {
        if (!isMember(args.channel_id)) return fail("not_in_channel");
        const files = (args.files ?? []) as Array<{ id: string; title?: string }>;
        for (const file of files) {
          const upload = uploads.get(file.id);
          if (!upload?.bytes) return fail("file_not_found");
          Object.assign(upload, { channel: args.channel_id, title: file.title });
        }
        if (args.channel_id) messagesIn(dmOf(args.channel_id)).push({ ts: newTs(), channel: dmOf(args.channel_id), text: args.initial_comment });
        return ok({ files: files.map((file) => ({ id: file.id, title: file.title ?? uploads.get(file.id)?.filename })) });
      }
      default:
        return fail("unknown_method");
    }
  }

  function rateLimitDelay(channel: string): number {
    if (!options.rateLimit) return 0;
    const at = now();
    const recent = (postTimes.get(channel) ?? []).filter((time) => at - time < 1000);
    if (recent.length >= options.rateLimit.perSecond) return Math.max(1, Math.ceil((recent[0]! + 1000 - at) / 1000));
    recent.push(at);
    postTimes.set(channel, recent);
    return 0;
  }

  async function serveApi(method: string, req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
    let args: Record<string, any>;
    try {
      args = parseArgs(req, raw);
    } catch {
      return json(res, 200, fail("invalid_form_data"));
    }
    calls.push({ seq: next(), method, token, args });
    record();
    const fault = faults.get(method)?.shift();
    if (fault && "hang" in fault) return void hung.push(res);
    if (fault && "delayMs" in fault) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          delays.delete(timer);
          resolve();
        }, fault.delayMs);
        delays.add(timer);
      });
    }
    if (fault && "status" in fault) return json(res, fault.status, fail("emulated_http_error"));
    if (fault && "error" in fault) return json(res, 200, fail(fault.error));
    if (method === "chat.postMessage" && args.channel) {
      const retryAfter = rateLimitDelay(dmOf(args.channel));
      if (retryAfter) {
        rateLimited += 1;
        return json(res, 429, fail("ratelimited"), { "retry-after": String(retryAfter) });
      }
    }
    json(res, 200, apiMethod(method, args, token));
    record();
  }

  async function serveResponseUrl(id: string, req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const uses = responseUrls.get(id);
    let body: any = null;
    try {
      body = JSON.parse(raw.toString());
    } catch {
      body = raw.toString();
    }
    const status =
      uses === undefined ? 404 : uses >= RESPONSE_URL_USES ? 404 : body?.blocks && blockKitProblems(body.blocks).length ? 400 : 200;
    if (uses !== undefined && status !== 404) responseUrls.set(id, uses + 1);
    responses.push({ seq: next(), id, body, status });
    record();
    res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : status === 404 ? "used_url" : "invalid_blocks");
  }

  /** The file in an upload: web-api posts multipart with one part named "body" (A13); anything else is raw. */
  function uploadedBytes(req: IncomingMessage, raw: Buffer): Buffer {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers["content-type"] ?? "");
    if (!boundary) return raw;
    const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
    for (let start = raw.indexOf(delimiter); start !== -1; ) {
      const end = raw.indexOf(delimiter, start + delimiter.length);
      if (end === -1) break;
      const part = raw.subarray(start + delimiter.length + 2, end - 2); // drop the CRLFs around the part
      const split = part.indexOf("\r\n\r\n");
      if (split !== -1 && /name="body"/i.test(part.subarray(0, split).toString())) return Buffer.from(part.subarray(split + 4));
      start = end;
    }
    return raw;
  }

  async function serveUpload(id: string, req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const upload = uploads.get(id);
    if (!upload) return res.writeHead(404).end();
    upload.bytes = uploadedBytes(req, raw);
    res.writeHead(200).end(`OK - ${raw.length}`);
    record();
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const [, area, name] = path.split("/");
    const done = (promise: Promise<unknown>) => promise.catch(() => res.headersSent || res.writeHead(500).end());
    if (req.method === "POST" && area === "api" && name) return void done(serveApi(name, req, res));
    if (req.method === "POST" && area === "response" && name) return void done(serveResponseUrl(name, req, res));
    if (req.method === "POST" && area === "upload" && name) return void done(serveUpload(name, req, res));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  // Socket Mode: apps.connections.open hands out ws://…/link; the first frame is hello, then envelopes.
  const wss = new WebSocketServer({ server, path: "/link" });
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, (ack: { seq: number; payload: unknown }) => void>();
  wss.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      record();
    });
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) acks.get(message.envelope_id)?.({ seq: next(), payload: message.payload });
      record();
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: sockets.size,
        debug_info: { host: "emulator", build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: "A0THREADLINE" },
      }),
    );
    record();
  });

  function newResponseUrl(): string {
    const id = randomUUID();
    responseUrls.set(id, 0);
    return `${url}/response/${id}`;
  }

  /**
   * Waits until `find` returns something, re-checking whenever anything is recorded. The time limit is only
   * a safety net, so a missing answer fails with a message instead of the test runner's timeout.
   */
  function waitFor<T>(find: () => T | undefined | null | false, what = "the expected Slack traffic", limitMs = 15_000): Promise<T> {
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off("record", check);
        reject(new Error(`Slack emulator: gave up waiting for ${what}`));
      }, limitMs);
      const check = () => {
        const value = find();
        if (value) {
          clearTimeout(timer);
          events.off("record", check);
          resolve(value);
        }
      };
      events.on("record", check);
    });
  }

  type PostOptions = {
    /** Seconds; defaults to now. */
    timestamp?: number;
    /** A signature to send instead of the right one; null sends none. */
    signature?: string | null;
    contentType?: string;
    retryNum?: number;
    retryReason?: string;
  };

  /** POSTs a body to the app the way Slack does: signed, with the exact content type. */
  function postToApp(target: string, body: string, contentType: string, opts: PostOptions = {}): Promise<SentRequest> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": opts.contentType ?? contentType,
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": String(timestamp),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    };
    const signature = opts.signature === undefined ? sign(signingSecret, timestamp, body) : opts.signature;
    if (signature !== null) headers["x-slack-signature"] = signature;
    if (opts.retryNum) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
    }
    return new Promise((resolve, reject) => {
      const req = request(target, { method: "POST", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const sent = { seq: next(), status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() };
          record();
          resolve(sent);
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  /** Modals a submission closed (an empty ack). */
  const closedViews = new Set<string>();
  /** A payload as Slack sends it, its trigger_id handed out now to its user (views.open must use it in 3 s). */
  function issued<P extends Record<string, unknown>>(payload: P): P {
    const user = typeof payload.user_id === "string" ? payload.user_id : (payload.user as { id: string }).id;
    views.issueTrigger(user, payload.trigger_id as string);
    return payload;
  }

  return {
    url,
    /** The Web API base to give the app as SLACK_API_URL. */
    apiUrl: `${url}/api/`,
    botToken,
    appToken,
    signingSecret,
    team,
    calls,
    responses,
    ephemerals,
    uploads,
    /** How many 429s the rate limit has answered. */
    get rateLimited() {
      return rateLimited;
    },
    callsTo: (method: string) => calls.filter((call) => call.method === method),
    messages: (channel: string) => [...(channels.get(channel) ?? [])],
    setUser: (id: string, profile: SlackProfile) => users.set(id, profile),
    /** The bot is invited to a channel (see `botChannels`). */
    botJoins(channel: string) {
      botChannels?.add(channel);
    },
    /** The next call of `method` fails this way (queued: call twice for two failures). */
    fail(method: string, fault: Fault) {
      faults.set(method, [...(faults.get(method) ?? []), fault]);
    },
    waitFor,
    /** The next response_url post after `afterSeq`, optionally to one URL. */
    nextResponse(afterSeq = 0, responseUrl?: string): Promise<ResponsePost> {
      const id = responseUrl?.split("/").pop();
      return waitFor(() => responses.find((r) => r.seq > afterSeq && (!id || r.id === id)), "a response_url post");
    },
    newResponseUrl,
    commandPayload: (fields: CommandFields) => issued(commandPayload(team, newResponseUrl(), fields)),
    buttonPayload: (press: ButtonPress) => issued(buttonPayload(team, newResponseUrl(), press)),

    /** Views (slack-views.ts): each person's Home, modal stacks, and trigger_ids as interactions hand them out. */
    views,
    /** The Home last published for a person. */
    homeOf: (user: string) => views.homeOf(user),

    /** A person opens the app's Home tab: an app_home_opened event, signed (a retry: same eventId, retryNum). */
    openHome(target: string, user: SlackUser, opts: PostOptions & { team?: SlackTeam; eventId?: string; tab?: "home" | "messages" } = {}) {
      return this.sendEvent(target, appHomeOpenedEvent(user.id, views.homeOf(user.id), opts.tab), opts);
    },
    /** A person presses a button on a view (their Home, a modal), found by its label; signed like Slack. */
    async pressInView(target: string, view: StoredView, label: string, user: SlackUser, opts: PostOptions & { team?: SlackTeam } = {}) {
      const button = view.blocks
        .flatMap((block: { elements?: Array<{ type?: string; text?: { text?: string }; action_id: string; value?: string }> }) => block.elements ?? [])
        .find((element) => element.type === "button" && element.text?.text === label);
      if (!button) throw new Error(`no button "${label}" on view ${view.id}`);
      return this.pressOnView(target, view, { value: button.value ?? "", actionId: button.action_id }, user, opts);
    },
    /** A press on a view with a given value (a stale or forged one too). */
    async pressOnView(target: string, view: StoredView, action: { value: string; actionId: string }, user: SlackUser, opts: PostOptions & { team?: SlackTeam } = {}) {
      const triggerId = views.issueTrigger(user.id);
      const payload = viewButtonPayload({ view, ...action, user, team: opts.team ?? team, triggerId });
      return { ...(await postToApp(target, form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded", opts)), payload };
    },

    // ---- Modals the person fills in (slack-modals.ts) ----

    /** The modal on top of a person's stack, unless a submission closed it. */
    modalOf(user: string): StoredView | undefined {
      const top = views.modalsOf(user).at(-1);
      return top && !closedViews.has(top.id) ? top : undefined;
    },
    /** A button in an open modal pressed with the answers typed so far (by block_id): the payload carries the view's state. */
    async pressInModal(target: string, view: StoredView, label: string, answers: Record<string, string>, user: SlackUser) {
      const button = view.blocks
        .flatMap((block: { elements?: Array<{ type?: string; text?: { text?: string }; action_id: string; value?: string }> }) => block.elements ?? [])
        .find((element) => element.type === "button" && element.text?.text === label);
      if (!button) throw new Error(`no button "${label}" on modal ${view.id}`);
      const pressed = viewButtonPayload({ view, value: button.value ?? "", actionId: button.action_id, user, team, triggerId: views.issueTrigger(user.id) });
      const payload = { ...pressed, view: { ...(pressed.view as object), state: { values: viewState(view, answers) } } };
      return postToApp(target, form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded");
    },
    /**
     * Submit pressed on an open modal with these answers (by block_id): signed like Slack, and the app's ack
     * read as Slack reads it (closed, errors on their blocks, or refused: see SubmissionOutcome.problems).
     */
    async submitView(target: string, view: StoredView, answers: Record<string, string>, user: SlackUser) {
      if (closedViews.has(view.id)) throw new Error(`modal ${view.id} is closed`);
      const payload = viewSubmissionPayload(view, answers, user, team, views.issueTrigger(user.id));
      const started = Date.now();
      const sent = await postToApp(target, form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded");
      const outcome = submissionOutcome(view, sent.status, sent.body, Date.now() - started);
      if (outcome.closed) closedViews.add(view.id);
      return { ...outcome, seq: sent.seq, payload };
    },
    /** A message shortcut ("Add to Threadline") chosen on a message in a channel. */
    async messageShortcut(target: string, opts: { callbackId: string; user: SlackUser; channel: { id: string; name: string }; message: ShortcutMessage }) {
      const triggerId = views.issueTrigger(opts.user.id);
      const payload = messageShortcutPayload({ ...opts, team, responseUrl: newResponseUrl(), triggerId });
      const sent = await postToApp(target, form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded");
      return { ...sent, responseUrl: payload.response_url, payload };
    },

    /** A slash command over HTTP, form-encoded and signed. */
    sendCommand(target: string, fields: CommandFields, opts: PostOptions = {}) {
      return this.sendCommandPayload(target, issued(commandPayload(team, newResponseUrl(), fields)), opts);
    },
    /** A command payload sent as it is: a retry sends the first one's payload again (same trigger_id). */
    async sendCommandPayload(target: string, payload: Record<string, string>, opts: PostOptions = {}) {
      const sent = await postToApp(target, form(payload), "application/x-www-form-urlencoded", opts);
      return { ...sent, responseUrl: payload.response_url!, payload };
    },
    /** An interactive payload over HTTP: one form field, payload=<json>. */
    async sendInteraction(target: string, payload: Record<string, unknown>, opts: PostOptions = {}) {
      const sent = await postToApp(target, form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded", opts);
      return { ...sent, responseUrl: payload.response_url as string | undefined };
    },
    /** An Events API delivery (JSON, signed); a retry sends the same event_id with X-Slack-Retry-Num. */
    sendEvent(target: string, event: Record<string, unknown>, opts: PostOptions & { eventId?: string; team?: SlackTeam } = {}) {
      const to = opts.team ?? team;
      const body = {
        token: "verification-token-unused",
        team_id: to.id,
        api_app_id: "A0THREADLINE",
        event,
        type: "event_callback",
        event_id: opts.eventId ?? `Ev${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`,
        event_time: Math.floor(now() / 1000),
        authorizations: [{ team_id: to.id, user_id: "U0BOT", is_bot: true, is_enterprise_install: false }],
      };
      return postToApp(target, JSON.stringify(body), "application/json", opts);
    },
    /** Any body, signed (unless told otherwise): malformed requests. */
    sendRaw: (target: string, body: string, contentType: string, opts: PostOptions = {}) => postToApp(target, body, contentType, opts),

    socket: {
      get connections() {
        return sockets.size;
      },
      /** Delivers an envelope to the connected app and resolves with its ack (`payload` is what ack() sent). */
      deliver(type: "slash_commands" | "interactive" | "events_api", payload: unknown, extra: { retryAttempt?: number } = {}) {
        const socket = [...sockets].at(-1);
        if (!socket) throw new Error("no Socket Mode connection");
        const envelopeId = randomUUID();
        const acked = new Promise<{ seq: number; payload: unknown }>((resolve) => acks.set(envelopeId, resolve));
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== "events_api",
            ...(extra.retryAttempt ? { retry_attempt: extra.retryAttempt, retry_reason: "timeout" } : {}),
          }),
        );
        return acked;
      },
    },

    async close() {
      for (const timer of delays) clearTimeout(timer);
      for (const res of hung) res.destroy();
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SlackEmulator = Awaited<ReturnType<typeof startSlackEmulator>>;
