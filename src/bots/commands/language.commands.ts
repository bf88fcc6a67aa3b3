import { z } from "zod";
import { languageFromTag, type Language } from "../../domain/settings/language.js";
import { translator, type Translate } from "../render/i18n.js";
import { defineCommand } from "./registry.js";

function readLanguage(text: string, ctx: z.RefinementCtx, key: "args.language" | "args.my_language"): Language {
  const language = /^\S+$/.test(text) ? languageFromTag(text) : null;
  if (!language) {
    ctx.addIssue({ code: "custom", message: key });
    return z.NEVER;
  }
  return language;
}

const workspaceLanguageArg = z
  .string()
  .trim()
  .transform((text, ctx) => readLanguage(text, ctx, "args.language"));

/** A person may also go back to the workspace's language with `default`. */
const myLanguageArg = z
  .string()
  .trim()
  .transform((text, ctx) => (/^default$/i.test(text) ? null : readLanguage(text, ctx, "args.my_language")));

/** A language by its name in the reader's own language ("فارسی", "Armenian"). */
export const languageName = (t: Translate, language: string) => t(`language.name.${languageFromTag(language) ?? "en"}`);

export const settingsLanguage = defineCommand({
  name: "crm settings language",
  usage: "/crm settings language <en|fa|hy>",
  example: "/crm settings language fa",
  summary: "cmd.settings.language",
  args: workspaceLanguageArg,
  async run(language, ctx) {
    const workspace = await ctx.services.languages.setWorkspaceLanguage(ctx.actor, language);
    // Said in the language the caller reads after the change.
    const t = translator(ctx.actor.member.locale ?? workspace.locale);
    return { lines: [t("settings.language.set", { language: languageName(t, workspace.locale) })], tone: "ok" };
  },
});

export const meLanguage = defineCommand({
  name: "crm me language",
  usage: "/crm me language <en|fa|hy|default>",
  example: "/crm me language hy",
  summary: "cmd.me.language",
  args: myLanguageArg,
  async run(language, ctx) {
    const member = await ctx.services.languages.setMyLanguage(ctx.actor, language);
    const workspaceLocale = ctx.actor.workspace.locale;
    const t = translator(member.locale ?? workspaceLocale);
    const line = member.locale
      ? t("settings.me.language.set", { language: languageName(t, member.locale) })
      : t("settings.me.language.cleared", { language: languageName(t, workspaceLocale) });
    return { lines: [line], tone: "ok" };
  },
});

export const languageCommands = [settingsLanguage, meLanguage];
