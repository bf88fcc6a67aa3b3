import type { slackMessages } from "./slack.en.js";

/** Slack door messages in Persian (see messages.fa.ts). */
export const slackMessagesFa = {
  // Block Kit has hard limits (50 blocks, 3000 characters a section); a longer reply is cut with this note.
  "slack.truncated": "… برای جا شدن در Slack کوتاه شد. دستور را محدودتر کنید (یک مرحله، یک جست‌وجو) تا بقیه را ببینید.",
  "slack.file_failed": "نتوانستم {filename} را اینجا بگذارم. مرا به این کانال دعوت کنید (/invite @Threadline) و دوباره امتحان کنید.",
  // The app manifest: what Slack shows in the slash-command menu.
  "slack.app.description": "CRM درون Slack: سرنخ‌ها، وظیفه‌ها، فاکتورها و یادآوری‌ها.",
  "slack.command.crm": "Threadline CRM: راهنما، و هر دستور به شکل /crm <command>",
  "slack.command.crm.hint": "help، یا هر دستوری: lead add Acme Corp 5000 USD",
  "slack.command.other": "دستورهای {command} در Threadline",
} as const satisfies Record<keyof typeof slackMessages, string>;
