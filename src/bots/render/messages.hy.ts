import type { MessageKey } from "./messages.en.js";
import { coreMessagesHy } from "./messages/core.hy.js";
import { formMessagesHy } from "./messages/form.hy.js";
import { homeMessagesHy } from "./messages/home.hy.js";
import { inputMessagesHy } from "./messages/input.hy.js";
import { invoiceMessagesHy } from "./messages/invoice.hy.js";
import { languageMessagesHy } from "./messages/language.hy.js";
import { linkMessagesHy } from "./messages/link.hy.js";
import { menuMessagesHy } from "./messages/menu.hy.js";
import { outboxMessagesHy } from "./messages/outbox.hy.js";
import { recordMessagesHy } from "./messages/records.hy.js";
import { slackMessagesHy } from "./messages/slack.hy.js";
import { taskMessagesHy } from "./messages/task.hy.js";
import { telegramMessagesHy } from "./messages/telegram.hy.js";
import { tenancyMessagesHy } from "./messages/tenancy.hy.js";

/**
 * Every string a user reads, in Armenian: the same keys and placeholders as messages.en.ts, in the words of
 * messages/GLOSSARY.md. Written for Armenian readers, not word for word; command words stay ASCII.
 */
export const hy: Record<MessageKey, string> = {
  ...coreMessagesHy,
  ...formMessagesHy,
  ...homeMessagesHy,
  ...inputMessagesHy,
  ...invoiceMessagesHy,
  ...languageMessagesHy,
  ...linkMessagesHy,
  ...menuMessagesHy,
  ...outboxMessagesHy,
  ...recordMessagesHy,
  ...slackMessagesHy,
  ...taskMessagesHy,
  ...telegramMessagesHy,
  ...tenancyMessagesHy,
};
