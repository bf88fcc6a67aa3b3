/** The languages Threadline speaks: each has a complete message catalog (src/bots/render/messages.*.ts). */
export const LANGUAGES = ["en", "fa", "hy"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of a locale tag as a platform reports it ("fa", "fa-IR", "hy_AM", "en-GB"), or null for one
 * Threadline does not speak: then the person follows the workspace's language.
 */
export function languageFromTag(tag: string | null | undefined): Language | null {
  const language = tag?.split(/[-_]/)[0]?.toLowerCase() ?? "";
  return isLanguage(language) ? language : null;
}

/** Right-to-left languages: their messages isolate left-to-right tokens (#12, @anna, INV-2026-0001). */
export function isRightToLeft(language: Language): boolean {
  return language === "fa";
}
