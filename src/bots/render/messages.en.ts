import { coreMessages } from "./messages/core.en.js";
import { invoiceMessages } from "./messages/invoice.en.js";
import { linkMessages } from "./messages/link.en.js";
import { outboxMessages } from "./messages/outbox.en.js";
import { slackMessages } from "./messages/slack.en.js";
import { taskMessages } from "./messages/task.en.js";
import { telegramMessages } from "./messages/telegram.en.js";

/**
 * Every string a user reads, in English: one catalog, kept in one file per area under messages/ and merged
 * here. Persian and Armenian catalogs will mirror these keys; nothing a user sees is built inline in a
 * handler. Placeholders are {name}; the values are already formatted for the reader's locale and zone.
 */
export const en = {
  ...coreMessages,
  ...invoiceMessages,
  ...linkMessages,
  ...outboxMessages,
  ...slackMessages,
  ...taskMessages,
  ...telegramMessages,
} as const;

export type MessageKey = keyof typeof en;
