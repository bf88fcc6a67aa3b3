import type { telegramMessages } from "./telegram.en.js";

/** Telegram's command menu (setMyCommands) in Armenian (see messages.hy.ts). {subcommands} comes from the registry. */
export const telegramMessagesHy = {
  "telegram.menu.help": "Բոլոր հրամանները՝ օրինակներով",
  "telegram.menu.crm": "Օգնություն և աշխատանքային տարածք՝ {subcommands}",
  "telegram.menu.lead": "Լիդեր՝ {subcommands}",
  "telegram.menu.task": "Առաջադրանքներ՝ {subcommands}",
  "telegram.menu.invoice": "Հաշիվներ՝ {subcommands}",
  /** A command family this catalog has no label for yet. */
  "telegram.menu.other": "/{command}՝ {subcommands}",
} as const satisfies Record<keyof typeof telegramMessages, string>;
