import { webApi } from "@slack/bolt";
import { renderSlack } from "./slack.render.js";
import type { Reply } from "../render/reply.js";
import { DeliveryError, type ChatAddress, type Messenger, type MessageRef, type OutgoingFile } from "../messenger.js";

type WebClient = InstanceType<typeof webApi.WebClient>;

/** The metadata event type that tags a post with its outbox row, so a lost answer can be looked up later. */
export const OUTBOX_EVENT_TYPE = "threadline_outbox";

// How far back findSent looks. An outbox retry comes minutes after the send it is checking, not days.
const HISTORY_LOOKBACK = 100;

// Slack answered but was having trouble: worth another try later.
const TRANSIENT = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"]);
// The bot is not in the channel (a private one answers channel_not_found, which cannot be told apart).
const NOT_MEMBER = new Set(["not_in_channel"]);
// Network failures that happen before the request leaves: nothing can have been posted.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/** A Web API failure in the terms the outbox decides by (see DeliveryError). Anything else is rethrown. */
export function toDeliveryError(error: unknown): unknown {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError("rate_limited", "Slack rate limit", error.retryAfter * 1000);
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code === "ratelimited") return new DeliveryError("rate_limited", code);
    if (TRANSIENT.has(code)) return new DeliveryError("transient", code);
    // Posting works without membership (chat:write.public), but history and file uploads need the bot in
    // the channel: the outbox then reaches the person in their DM instead.
    if (NOT_MEMBER.has(code)) return new DeliveryError("permanent", code, undefined, { notMember: true });
    // Any other refusal is final: Slack read the request and said no (channel_not_found, not_in_channel,
    // is_archived, user_not_found, invalid_blocks, ...), so sending it again cannot succeed.
    return new DeliveryError("permanent", code);
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new DeliveryError(error.statusCode >= 500 ? "transient" : "permanent", `HTTP ${error.statusCode}`);
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const original = error.original as Error & { cause?: { code?: string } };
    const code = original.cause?.code ?? (original as { code?: string }).code;
    if (code && NOT_SENT.has(code)) return new DeliveryError("transient", code);
    // A timeout or a dropped connection after the request left: it may have been posted.
    return new DeliveryError("uncertain", original.name === "TimeoutError" ? "timeout" : (code ?? original.message));
  }
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDeliveryError(error);
  }
}

/** Whether a reply has anything to show as a message (a reply may be only files). */
const hasText = (reply: Reply) =>
  Boolean(reply.title || reply.fields?.length || reply.lines?.length || reply.footer || reply.actions?.length);

const isUserId = (id: string) => /^[UW][A-Z0-9]+$/.test(id);

/**
 * Outbound Slack messages: Block Kit posts tagged with their outbox id, edits, file uploads. The client is
 * built with retries off (the outbox retries, with its own schedule and rate limits).
 */
export function createSlackMessenger(client: WebClient): Messenger {
  /** A user id posts into the bot's DM with them; methods other than chat.postMessage need that DM's id. */
  async function channelOf(to: ChatAddress): Promise<string> {
    if (!isUserId(to.chatId)) return to.chatId;
    const opened = await client.conversations.open({ users: to.chatId });
    return opened.channel?.id ?? to.chatId;
  }

  /** Files upload v2 (files.getUploadURLExternal, then files.completeUploadExternal, which needs membership). */
  async function upload(to: ChatAddress, file: OutgoingFile): Promise<MessageRef> {
    const channel = await channelOf(to);
    const uploaded = (await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(file.bytes),
      filename: file.filename,
      title: file.filename,
      ...(file.caption ? { initial_comment: file.caption } : {}),
    })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
    // Uploads are not messages with a ts we could edit; the file id identifies what was posted.
    const fileId = uploaded.files?.[0]?.files?.[0]?.id ?? "";
    return { platform: "slack", chatId: channel, messageId: fileId };
  }

  return {
    platform: "slack",

    // The message first (tagged with its outbox id), then its files; a reply that is only files (an invoice
    // PDF) posts no empty message. The reference is the message's, else the first file's.
    send: (to, reply, options = {}) =>
      mapped(async () => {
        let ref: MessageRef | null = null;
        if (hasText(reply)) {
          const posted = await client.chat.postMessage({
            channel: to.chatId,
            ...renderSlack(reply),
            ...(options.outboxId
              ? { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: options.outboxId } } }
              : {}),
          });
          ref = { platform: "slack", chatId: posted.channel ?? to.chatId, messageId: posted.ts! };
        }
        for (const file of reply.attachments ?? []) {
          const uploaded = await upload(to, { filename: file.filename, bytes: file.bytes });
          ref ??= uploaded;
        }
        if (!ref) throw new DeliveryError("permanent", "the reply has nothing to send");
        return ref;
      }),

    edit: (message, reply) =>
      mapped(async () => {
        await client.chat.update({ channel: message.chatId, ts: message.messageId, ...renderSlack(reply) });
      }),

    sendFile: (to, file) => mapped(() => upload(to, file)),

    findSent: (to, outboxId) =>
      mapped(async (): Promise<MessageRef | null> => {
        const channel = await channelOf(to);
        const history = await client.conversations.history({ channel, include_all_metadata: true, limit: HISTORY_LOOKBACK });
        const found = history.messages?.find(
          (message) =>
            message.metadata?.event_type === OUTBOX_EVENT_TYPE &&
            (message.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id === outboxId,
        );
        return found?.ts ? { platform: "slack", chatId: channel, messageId: found.ts } : null;
      }),
  };
}
