import { coreMessages } from "./messages/core.en.js";
import { formMessages } from "./messages/form.en.js";
import { homeMessages } from "./messages/home.en.js";
import { inputMessages } from "./messages/input.en.js";
import { invoiceMessages } from "./messages/invoice.en.js";
import { languageMessages } from "./messages/language.en.js";
import { linkMessages } from "./messages/link.en.js";
import { menuMessages } from "./messages/menu.en.js";
import { outboxMessages } from "./messages/outbox.en.js";
import { recordMessages } from "./messages/records.en.js";
import { slackMessages } from "./messages/slack.en.js";
import { taskMessages } from "./messages/task.en.js";
import { telegramMessages } from "./messages/telegram.en.js";
import { tenancyMessages } from "./messages/tenancy.en.js";

/**
 * Every string a user reads, in English: one catalog, kept in one file per area under messages/ and merged
 * here. Persian and Armenian catalogs will mirror these keys; nothing a user sees is built inline in a
 * handler. Messages are ICU MessageFormat: placeholders are {name} (values already formatted for the reader's
 * locale and zone, or bare numbers such as ids), and a count is {days, plural, one {# day} other {# days}},
 * so "1 day" and "2 days" both read right. Angle brackets ("<line>") are plain text, not tags.
 */
export const en = {
  ...coreMessages,
  ...formMessages,
  ...homeMessages,
  ...inputMessages,
  ...invoiceMessages,
  ...languageMessages,
  ...linkMessages,
  ...menuMessages,
  ...outboxMessages,
  ...recordMessages,
  ...slackMessages,
  ...taskMessages,
  ...telegramMessages,
  ...tenancyMessages,
} as const;

export type MessageKey = keyof typeof en;
