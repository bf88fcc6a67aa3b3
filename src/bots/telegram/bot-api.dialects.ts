/**
 * Telegram's Bot API and Bale's copy of it (https://tapi.bale.ai/bot<token>/<method>) run through the same
 * door code; these are the differences that code must respect. Bale's are those of its documentation
 * (docs.bale.ai; README "Bale" lists each with its source): what it does not document is not sent to it.
 */
export type BotApiDialect = {
  platform: "telegram" | "bale";
  /** Messages in HTML parse mode. Bale's sendMessage documents no parse_mode: its text goes plain. */
  html: boolean;
  /** reply_parameters and link_preview_options (Bot API 7.0); Bale documents reply_to_message_id only. */
  replyParameters: boolean;
  /** setMyCommands publishes the command menu; Bale documents no such method. */
  commandMenu: boolean;
  /** allowed_updates on getUpdates and setWebhook; Bale documents neither, so the door filters what comes. */
  allowedUpdates: boolean;
  /**
   * Where a webhook's secret travels: Telegram sends setWebhook's secret_token back in a header; Bale's
   * setWebhook takes a URL only, so the secret is the last segment of the webhook's path.
   */
  webhookSecretIn: "header" | "path";
  /** Telegram runs a method returned in the webhook's HTTP response (telegraf's webhookReply); Bale documents no such thing. */
  webhookReply: boolean;
  /** Commands arrive marked with a bot_command entity; Bale documents no entities, so the text itself is read. */
  commandEntities: boolean;
  /**
   * A form's typed question is sent with a reply prompt (ForceReply); Bale's documentation lists no ForceReply,
   * so there it is a plain message that quotes the starter (their reply, or any message in a private chat, answers it).
   */
  forceReply: boolean;
};

export const TELEGRAM: BotApiDialect = {
  platform: "telegram",
  html: true,
  replyParameters: true,
  commandMenu: true,
  allowedUpdates: true,
  webhookSecretIn: "header",
  webhookReply: true,
  commandEntities: true,
  forceReply: true,
};

export const BALE: BotApiDialect = {
  platform: "bale",
  html: false,
  replyParameters: false,
  commandMenu: false,
  allowedUpdates: false,
  webhookSecretIn: "path",
  webhookReply: false,
  commandEntities: false,
  forceReply: false,
};

export const BALE_API_ROOT = "https://tapi.bale.ai";
