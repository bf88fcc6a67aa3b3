import { readFileSync } from "node:fs";
import { isNumberElement, isPluralElement, isSelectElement, parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { catalogs, messageArguments, translator } from "../../../src/bots/render/i18n.js";
import { en, type MessageKey } from "../../../src/bots/render/messages.en.js";
import { LANGUAGES, type Language } from "../../../src/domain/settings/language.js";

const KEYS = Object.keys(en).sort() as MessageKey[];
const TRANSLATIONS = LANGUAGES.filter((language) => language !== "en");

/** How each argument of a message is used: printed as it is, counted (plural, number), or chosen on (select). */
function usage(message: string): Map<string, Set<"plain" | "numeric" | "select">> {
  const uses = new Map<string, Set<"plain" | "numeric" | "select">>();
  const note = (name: string, use: "plain" | "numeric" | "select") => uses.set(name, (uses.get(name) ?? new Set()).add(use));
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (isPluralElement(element) || isNumberElement(element)) note(element.value, "numeric");
      else if (isSelectElement(element)) note(element.value, "select");
      else if ("value" in element && element.type === 1) note(element.value, "plain");
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return uses;
}

/** Plural branches a message names (other than exact "=N" ones). */
function pluralCategories(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((element) => [
    ...(isPluralElement(element) ? Object.keys(element.options).filter((key) => !key.startsWith("=")) : []),
    ...("options" in element ? Object.values(element.options).flatMap((option) => pluralCategories(option.value)) : []),
  ]);
}

describe("the message catalogs", () => {
  it.each(LANGUAGES)("%s has every key and no other", (language) => {
    expect(Object.keys(catalogs[language]).sort()).toEqual(KEYS);
  });

  it.each(LANGUAGES)("every %s message is valid ICU MessageFormat, with plural branches the language has", (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
    const problems: string[] = [];
    for (const key of KEYS) {
      try {
        const unknown = pluralCategories(parse(catalogs[language][key], { ignoreTag: true })).filter((c) => !categories.includes(c));
        if (unknown.length) problems.push(`${key}: ${unknown.join(", ")} is not a ${language} plural category`);
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(TRANSLATIONS)("%s reads the same arguments as English, each the way English passes it", (language: Language) => {
    const problems: string[] = [];
    for (const key of KEYS) {
      const expected = usage(en[key]);
      const actual = usage(catalogs[language][key]);
      const names = (uses: Map<string, unknown>) => [...uses.keys()].sort().join(", ");
      if (names(actual) !== names(expected)) {
        problems.push(`${key}: {${names(actual)}} but English has {${names(expected)}}`);
        continue;
      }
      for (const [name, uses] of actual) {
        // A count must be a number in English too; a choice in English must stay a choice (its value is a code).
        if (uses.has("numeric") && !expected.get(name)!.has("numeric")) problems.push(`${key}: counts {${name}}, which English passes as text`);
        if (expected.get(name)!.has("select") && !uses.has("select")) problems.push(`${key}: prints {${name}}, which English chooses on`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps every argument name findable, inside plural and select branches too", () => {
    const { names, plain } = messageArguments(parse("{a} {n, plural, other {# {b}}} {k, select, x {{c}} other {}}", { ignoreTag: true }));
    expect([...names].sort()).toEqual(["a", "b", "c", "k", "n"]);
    expect([...plain].sort()).toEqual(["a", "b", "c"]);
  });

  it("names the stages with the glossary's words", () => {
    const glossary = readFileSync(new URL("../../../src/bots/render/messages/GLOSSARY.md", import.meta.url), "utf8");
    const rows = [...glossary.matchAll(/^\| stage: (\w+) \| (.+?) \| (.+?) \|/gm)];
    expect(rows.map(([, stage]) => stage)).toEqual(["new", "contacted", "qualified", "proposal", "won", "lost"]);
    for (const [, stage, fa, hy] of rows) {
      const key = `stage.${stage}` as MessageKey;
      expect([catalogs.fa[key], catalogs.hy[key]], key).toEqual([fa, hy]);
    }
  });

  it("writes Persian with Persian punctuation, not a Latin comma or question mark between words", () => {
    const latin = KEYS.filter((key) => /[\u0600-\u06FF] ?[,?]|[,?] [\u0600-\u06FF]/.test(catalogs.fa[key]));
    expect(latin).toEqual([]);
  });
});

describe("plurals by the language's own (CLDR) rules", () => {
  it("says 1 day and 2 days in English", () => {
    const t = translator("en");
    expect([1, 2].map((days) => t("invoice.due.net", { days }))).toEqual(["1 day after issue", "2 days after issue"]);
  });

  it("counts in Persian digits with a singular noun, as Persian does after a number", () => {
    const t = translator("fa");
    expect(new Intl.PluralRules("fa").select(0)).toBe("one");
    expect([0, 1, 2].map((days) => t("invoice.due.net", { days }))).toEqual(["۰ روز پس از صدور", "۱ روز پس از صدور", "۲ روز پس از صدور"]);
    expect(t("lead.list.count", { shown: "۲۰", total: 1234 })).toBe("۲۰ از ۱٬۲۳۴ سرنخ");
  });

  it("counts in Armenian with a singular noun, 0 and 1 both in the 'one' category", () => {
    const t = translator("hy");
    expect([0, 1].map((n) => new Intl.PluralRules("hy").select(n))).toEqual(["one", "one"]);
    expect([1, 3].map((days) => t("invoice.due.net", { days }))).toEqual(["տրվելուց 1 օր հետո", "տրվելուց 3 օր հետո"]);
  });

  it("writes a bare number (an id) in the reader's digits, ungrouped", () => {
    expect(translator("fa")("lead.created", { number: 1234 })).toBe("سرنخ #۱۲۳۴ ثبت شد");
    expect(translator("hy")("lead.created", { number: 1234 })).toBe("Ստեղծվեց լիդ #1234");
  });

  it("chooses the word for a field by its code", () => {
    expect(translator("fa")("text.empty", { field: "title" })).toBe("عنوان خالی است.");
    expect(translator("hy")("text.empty", { field: "customer" })).toBe("Հաճախորդի անունը դատարկ է։");
    expect(translator("en")("text.empty", { field: "title" })).toBe("The title is empty.");
  });
});
