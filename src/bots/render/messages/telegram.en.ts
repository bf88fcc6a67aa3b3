/** Telegram's command menu (setMyCommands) in English (see messages.en.ts). {subcommands} comes from the registry. */
export const telegramMessages = {
  "telegram.menu.help": "Every command, with examples",
  "telegram.menu.crm": "Help and workspace: {subcommands}",
  "telegram.menu.lead": "Leads: {subcommands}",
  "telegram.menu.task": "Tasks: {subcommands}",
  "telegram.menu.invoice": "Invoices: {subcommands}",
  /** A command family this catalog has no label for yet. */
  "telegram.menu.other": "/{command}: {subcommands}",
} as const;
