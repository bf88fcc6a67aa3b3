import { isArgumentElement, isLiteralElement, isPoundElement, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { languageFromTag, type Language } from "../../domain/settings/language.js";
import { en, type MessageKey } from "./messages.en.js";
import { fa } from "./messages.fa.js";
import { hy } from "./messages.hy.js";

/**
 * The catalogs by language. Each is an ICU MessageFormat catalog: `{name}` placeholders, `{count, plural, …}`
 * and `{kind, select, …}`; plural categories come from the runtime's CLDR rules (Intl.PluralRules), never
 * from rules of our own. Every language has every key (the type says so; test/bots/render/catalog.test.ts
 * checks that keys and placeholders match).
 */
export const catalogs = { en, fa, hy } as const satisfies Record<Language, Record<MessageKey, string>>;

/** The catalog language for a locale tag ("fa-IR" → "fa"), English for one Threadline does not speak. */
export function languageOf(locale: string): Language {
  return languageFromTag(locale) ?? "en";
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Tags stay text: usages such as "<line>" and "<reason>" are words, not markup. */
const PARSE_OPTIONS = { ignoreTag: true } as const;

/** A message ready to format: every argument it reads, and those it prints as they are (no plural, no number). */
type Compiled = { format: IntlMessageFormat; names: Set<string>; plain: Set<string> };

// Compiled once per language and key: parsing is the expensive part, formatting is cheap.
const compiled = new Map<string, Compiled>();

function compile(language: Language, key: MessageKey): Compiled {
  const cacheKey = `${language}\u0000${key}`;
  let message = compiled.get(cacheKey);
  if (!message) {
    const format = new IntlMessageFormat(catalogs[language][key], language, undefined, PARSE_OPTIONS);
    message = { format, ...messageArguments(format.getAst()) };
    compiled.set(cacheKey, message);
  }
  return message;
}

/** Every argument a message reads, inside plural and select branches too, and which of them are only ever bare `{name}`. */
export function messageArguments(elements: MessageFormatElement[]): Omit<Compiled, "format"> {
  const names = new Set<string>();
  const plain = new Set<string>();
  const formatted = new Set<string>();
  const walk = (list: MessageFormatElement[]) => {
    for (const element of list) {
      if (isLiteralElement(element) || isPoundElement(element)) continue;
      names.add(element.value);
      (isArgumentElement(element) ? plain : formatted).add(element.value);
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
      if ("children" in element) walk(element.children);
    }
  };
  walk(elements);
  for (const name of formatted) plain.delete(name);
  return { names, plain };
}

// One per language: a command asks for its reader's translator every time, and the number format in it is
// costly to build.
const translators = new Map<Language, Translate>();

export function translator(locale: string): Translate {
  const lang = languageOf(locale);
  let translate = translators.get(lang);
  if (!translate) translators.set(lang, (translate = newTranslator(lang)));
  return translate;
}

function newTranslator(lang: Language): Translate {
  const digits = new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 20 });
  return (key, params = {}) => {
    const { format, names, plain } = compile(lang, key);
    const values: Params = { ...params };
    for (const name of names) {
      const value = values[name];
      // A value the caller left out shows as "{name}", as before, rather than failing the whole reply.
      if (value === undefined) values[name] = `{${name}}`;
      // A bare number ("#12", "at most 40") is written in the reader's digits, ungrouped like an id.
      else if (typeof value === "number" && plain.has(name)) values[name] = digits.format(value);
    }
    return String(format.format(values));
  };
}
