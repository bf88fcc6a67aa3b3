import type { telegramMessages } from "./telegram.en.js";

/** Telegram's command menu (setMyCommands) in Persian (see messages.fa.ts). {subcommands} comes from the registry. */
export const telegramMessagesFa = {
  "telegram.menu.help": "همهٔ دستورها، با نمونه",
  "telegram.menu.crm": "راهنما و فضای کاری: {subcommands}",
  "telegram.menu.lead": "سرنخ‌ها: {subcommands}",
  "telegram.menu.task": "وظیفه‌ها: {subcommands}",
  "telegram.menu.invoice": "فاکتورها: {subcommands}",
  /** A command family this catalog has no label for yet. */
  "telegram.menu.other": "/{command}: {subcommands}",
} as const satisfies Record<keyof typeof telegramMessages, string>;
