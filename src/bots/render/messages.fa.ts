import type { MessageKey } from "./messages.en.js";
import { coreMessagesFa } from "./messages/core.fa.js";
import { formMessagesFa } from "./messages/form.fa.js";
import { homeMessagesFa } from "./messages/home.fa.js";
import { inputMessagesFa } from "./messages/input.fa.js";
import { invoiceMessagesFa } from "./messages/invoice.fa.js";
import { languageMessagesFa } from "./messages/language.fa.js";
import { linkMessagesFa } from "./messages/link.fa.js";
import { menuMessagesFa } from "./messages/menu.fa.js";
import { outboxMessagesFa } from "./messages/outbox.fa.js";
import { recordMessagesFa } from "./messages/records.fa.js";
import { slackMessagesFa } from "./messages/slack.fa.js";
import { taskMessagesFa } from "./messages/task.fa.js";
import { telegramMessagesFa } from "./messages/telegram.fa.js";
import { tenancyMessagesFa } from "./messages/tenancy.fa.js";

/**
 * Every string a user reads, in Persian: the same keys and placeholders as messages.en.ts, in the words of
 * messages/GLOSSARY.md. Written for Persian readers, not word for word; command words stay ASCII.
 */
export const fa: Record<MessageKey, string> = {
  ...coreMessagesFa,
  ...formMessagesFa,
  ...homeMessagesFa,
  ...inputMessagesFa,
  ...invoiceMessagesFa,
  ...languageMessagesFa,
  ...linkMessagesFa,
  ...menuMessagesFa,
  ...outboxMessagesFa,
  ...recordMessagesFa,
  ...slackMessagesFa,
  ...taskMessagesFa,
  ...telegramMessagesFa,
  ...tenancyMessagesFa,
};
