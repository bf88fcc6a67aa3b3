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
  // The message shortcut's description in the app manifest (at most 150 characters).
  "slack.shortcut.capture": "این پیام را به سرنخ تازه، یادداشتی روی یک سرنخ یا یک وظیفه تبدیل کنید",
  // A modal form with a repeated group (invoice lines): the button under the last item adds one more ("Line 3").
  "slack.form.add_item": "+ افزودن {item}",
  // A message captured with "Add to Threadline", as the lead's note keeps it: who wrote it, then what.
  "slack.capture.said": "{author}: {text}",
} as const satisfies Record<keyof typeof slackMessages, string>;
