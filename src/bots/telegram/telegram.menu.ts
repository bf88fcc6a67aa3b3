import type { Telegram } from "telegraf";
import type { BotCommand } from "telegraf/types";
import { LANGUAGES } from "../../domain/settings/language.js";
import type { Registry } from "../commands/registry.js";
import { isMessageKey, translator, type Translate } from "../render/i18n.js";

/** Telegram's rule for a menu command name; a registry name outside it could not be published. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const MAX_DESCRIPTION = 256;

/**
 * The command menu Telegram shows when a user types "/": each slash command of the registry, described by
 * its subcommands (so the menu never lists a subcommand that is gone), then /help.
 */
export function commandMenu(registry: Registry, t: Translate): BotCommand[] {
  const menu: BotCommand[] = [];
  for (const top of registry.tops()) {
    if (!COMMAND_NAME.test(top)) continue;
    // First words only: "settings timezone" and "settings digest" are both "settings" in a one-line menu.
    const subcommands = [
      ...new Set(registry.all.filter((command) => command.name.startsWith(`${top} `)).map((command) => command.name.split(" ")[1]!)),
    ].join(", ");
    const key = `telegram.menu.${top}`;
    const description = isMessageKey(key) ? t(key, { subcommands }) : t("telegram.menu.other", { command: top, subcommands });
    menu.push({ command: top, description: clamp(description) });
  }
  menu.push({ command: "help", description: clamp(t("telegram.menu.help")) });
  return menu;
}

function clamp(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/**
 * Publishes the menu in every language Threadline speaks: Telegram shows a user the list for their app's
 * language_code, and the default list (the workspace default language) to everyone else.
 */
export async function publishMenus(telegram: Pick<Telegram, "setMyCommands">, registry: Registry, defaultLocale: string): Promise<void> {
  await telegram.setMyCommands(commandMenu(registry, translator(defaultLocale)));
  for (const language of LANGUAGES) {
    await telegram.setMyCommands(commandMenu(registry, translator(language)), { language_code: language });
  }
}
