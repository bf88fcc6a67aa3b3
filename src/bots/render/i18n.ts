import { en, type MessageKey } from "./messages.en.js";

// More catalogs (fa, hy) slot in here; a missing key falls back to English rather than showing a key.
const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

export function translator(locale: string): Translate {
  const catalog = catalogs[locale.split("-")[0]!] ?? en;
  return (key, params = {}) =>
    (catalog[key] ?? en[key]).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}
