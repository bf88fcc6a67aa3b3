import { asciiDigits } from "../../domain/shared/numerals.js";

/**
 * Persian and Armenian time phrases, read into a plain description that the when-parser turns into an
 * instant. chrono-node knows neither language, so this is a small grammar of its own: every word must be
 * understood, or the phrase is not one (null), never half-read.
 *
 *   Persian:  امروز، فردا، پس‌فردا · شنبه … جمعه [بعد|آینده] · هفته بعد · ماه بعد · ساعت ۱۰[:۳۰] [و نیم]
 *             صبح، ظهر، بعدازظهر، عصر، شب، امشب · ۲ ساعت دیگر، ۳۰ دقیقه بعد، نیم ساعت دیگر، ۳ روز دیگر
 *             ۱۵ آذر [۱۴۰۵] (Jalali months)
 *   Armenian: այսօր, վաղը, վաղը չէ մյուս օրը · երկուշաբթի … կիրակի · հաջորդ շաբաթ (next week; շաբաթ alone is
 *             Saturday) · հաջորդ ամիս · ժամը 10[:30] · առավոտյան, կեսօրին, ցերեկը, երեկոյան, գիշերը
 *             2 ժամից, 2 ժամ հետո, 2 ժամ անց, 30 րոպեից, 3 օրից · 15 դեկտեմբերի [2026], դեկտեմբերի 15-ին
 * Numbers may be Persian, Arabic-Indic or ASCII digits; a time is on the 24-hour clock unless a part of the
 * day says otherwise ("ساعت ۵ عصر" is 17:00). Dates already rewritten as ISO ("2026-12-06") are understood too.
 */
export type PartOfDay = "morning" | "noon" | "afternoon" | "late_afternoon" | "evening" | "night";
export type SpanUnit = "seconds" | "minutes" | "hours" | "days" | "weeks" | "months";

export type LocalPhrase = {
  /** 0 today, 1 tomorrow, 2 the day after. */
  dayOffset?: number;
  /** Luxon weekday, 1 = Monday. */
  weekday?: number;
  /** "next week": the week after this one, as the writer's locale starts weeks. */
  nextWeek?: boolean;
  nextMonth?: boolean;
  /** A day of the month: Jalali for Persian month names, Gregorian for Armenian ones and ISO dates. */
  date?: { calendar: "jalali" | "gregorian"; year: number | null; month: number; day: number };
  time?: { hour: number; minute: number };
  part?: PartOfDay;
  /** "in 2 hours": from now. */
  span?: { unit: SpanUnit; amount: number };
  /** The phrase said "today" (امروز, այսօր): a time already past is refused as such. */
  today?: boolean;
};

/** Spelling variants folded to one form: Arabic yeh and kaf, the zero-width non-joiner, split compounds. */
export function foldPhrase(text: string): string {
  return asciiDigits(text)
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u064a\u0649]/g, "ی")
    .replace(/\u0643/g, "ک")
    .replace(/[\u200c\u200f\u200e]/g, "")
    .replace(/[،,؛;.!؟?]+(\s|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(^| )(یک|دو|سه|چهار|پنج) شنبه(?= |$)/g, "$1$2شنبه")
    .replace(/(^| )پس فردا(?= |$)/g, "$1پسفردا")
    .replace(/(^| )بعد از ظهر(?= |$)/g, "$1بعدازظهر")
    .replace(/(^| )վաղը չէ մյուս օրը(?= |$)/g, "$1վաղըչէմյուսօրը");
}

const DAY_OFFSETS: Record<string, number> = { امروز: 0, فردا: 1, پسفردا: 2, այսօր: 0, վաղը: 1, վաղ: 1, "վաղըչէմյուսօրը": 2 };

const WEEKDAYS: Record<string, number> = {
  دوشنبه: 1, سهشنبه: 2, چهارشنبه: 3, پنجشنبه: 4, جمعه: 5, شنبه: 6, یکشنبه: 7,
  երկուշաբթի: 1, երեքշաբթի: 2, չորեքշաբթի: 3, հինգշաբթի: 4, ուրբաթ: 5, շաբաթ: 6, կիրակի: 7,
};

const JALALI_MONTHS: Record<string, number> = {
  فروردین: 1, اردیبهشت: 2, خرداد: 3, تیر: 4, مرداد: 5, امرداد: 5, شهریور: 6,
  مهر: 7, آبان: 8, آذر: 9, دی: 10, بهمن: 11, اسفند: 12,
};

const ARMENIAN_MONTHS = ["հունվար", "փետրվար", "մարտ", "ապրիլ", "մայիս", "հունիս", "հուլիս", "օգոստոս", "սեպտեմբեր", "հոկտեմբեր", "նոյեմբեր", "դեկտեմբեր"];

function armenianMonth(word: string): number | null {
  const index = ARMENIAN_MONTHS.findIndex((month) => word === month || word === `${month}ի` || word === `${month}ին`);
  return index < 0 ? null : index + 1;
}

const PARTS: Record<string, PartOfDay> = {
  صبح: "morning", ظهر: "noon", بعدازظهر: "afternoon", عصر: "late_afternoon", شب: "night",
  առավոտյան: "morning", առավոտը: "morning", կեսօրին: "noon", ցերեկը: "afternoon", երեկոյան: "evening", գիշերը: "night",
};

const NUMBER_WORDS: Record<string, number> = {
  یک: 1, یه: 1, دو: 2, سه: 3, چهار: 4, پنج: 5, شش: 6, هفت: 7, هشت: 8, نه: 9, ده: 10, نیم: 0.5,
  մեկ: 1, երկու: 2, երեք: 3, չորս: 4, հինգ: 5, վեց: 6, յոթ: 7, ութ: 8, ինը: 9, տաս: 10, տասը: 10, կես: 0.5,
};

const PERSIAN_UNITS: Record<string, SpanUnit> = { ثانیه: "seconds", دقیقه: "minutes", ساعت: "hours", روز: "days", هفته: "weeks", ماه: "months" };
/** Armenian units, bare ("2 ժամ հետո") and with the ablative "-ից" that alone means "in" ("2 ժամից"). */
const ARMENIAN_UNITS: Record<string, SpanUnit> = {
  վայրկյան: "seconds", րոպե: "minutes", ժամ: "hours", օր: "days", շաբաթ: "weeks", ամիս: "months",
};
const ARMENIAN_UNITS_FROM: Record<string, SpanUnit> = {
  վայրկյանից: "seconds", րոպեից: "minutes", ժամից: "hours", օրից: "days", շաբաթից: "weeks", ամսից: "months",
};

const PERSIAN_LATER = new Set(["دیگر", "دیگه", "بعد"]);
const PERSIAN_NEXT = new Set(["بعد", "آینده", "دیگر", "دیگه", "بعدی"]);
const ARMENIAN_LATER = new Set(["հետո", "անց"]);

/** "10", "10:30", "10-ին" as hour and minute; null when the word is not a time of day. */
function clock(word: string | undefined): { hour: number; minute: number } | null {
  const match = word && /^(\d{1,2})(?::(\d{2}))?(?:-?ին|-?ն)?$/.exec(word);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  return hour <= 24 && minute < 60 ? { hour: hour % 24, minute } : null;
}

const dayNumber = (word: string | undefined) => {
  const match = word && /^(\d{1,2})(?:-?ին|-?ն|م|ام)?$/.exec(word);
  return match ? Number(match[1]) : null;
};
const yearNumber = (word: string | undefined) => (word && /^\d{4}$/.test(word) ? Number(word) : null);
const amountOf = (word: string | undefined) => (word === undefined ? null : /^\d{1,4}$/.test(word) ? Number(word) : (NUMBER_WORDS[word] ?? null));

/** The phrase, or null when any word of it is not part of this grammar. */
export function readLocalPhrase(text: string): LocalPhrase | null {
  const words = foldPhrase(text).split(" ").filter(Boolean);
  const phrase: LocalPhrase = {};
  const set = <K extends keyof LocalPhrase>(key: K, value: LocalPhrase[K]): boolean => {
    if (phrase[key] !== undefined) return false;
    phrase[key] = value;
    return true;
  };

  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    const next = words[i + 1];
    const afterNext = words[i + 2];

    // Spans: "۲ ساعت دیگر", "نیم ساعت دیگر", "2 ժամից", "2 ժամ հետո".
    const amount = amountOf(word);
    if (amount !== null && next !== undefined) {
      const persian = PERSIAN_UNITS[next];
      if (persian && afterNext !== undefined && PERSIAN_LATER.has(afterNext)) {
        if (!setSpan(phrase, persian, amount)) return null;
        i += 3;
        continue;
      }
      const from = ARMENIAN_UNITS_FROM[next];
      if (from) {
        if (!setSpan(phrase, from, amount)) return null;
        i += 2;
        continue;
      }
      const bare = ARMENIAN_UNITS[next];
      if (bare && afterNext !== undefined && ARMENIAN_LATER.has(afterNext)) {
        if (!setSpan(phrase, bare, amount)) return null;
        i += 3;
        continue;
      }
    }

    // Dates: "۱۵ آذر [۱۴۰۵]", "15 դեկտեմբերի [2026]", "դեկտեմբերի 15[-ին]", an ISO date.
    const day = dayNumber(word);
    const monthAfter = next === undefined ? null : (JALALI_MONTHS[next] ?? armenianMonth(next));
    if (day !== null && monthAfter !== null) {
      const year = yearNumber(afterNext);
      const calendar = JALALI_MONTHS[next!] ? "jalali" : "gregorian";
      if (!set("date", { calendar, year, month: monthAfter, day })) return null;
      i += year === null ? 2 : 3;
      continue;
    }
    const monthFirst = armenianMonth(word);
    const dayAfter = dayNumber(next);
    if (monthFirst !== null && dayAfter !== null) {
      const year = yearNumber(afterNext);
      if (!set("date", { calendar: "gregorian", year, month: monthFirst, day: dayAfter })) return null;
      i += year === null ? 2 : 3;
      continue;
    }
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
    if (iso) {
      if (!set("date", { calendar: "gregorian", year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) })) return null;
      i += 1;
      continue;
    }

    // Times: "ساعت ۱۰", "ساعت ۱۰ و نیم", "ժամը 10", a bare "10:30", or an hour its part of the day names ("۵ عصر").
    if ((word === "ساعت" || word === "ժամը") && clock(next)) {
      const time = clock(next)!;
      let used = 2;
      if (word === "ساعت" && afterNext === "و" && words[i + 3] === "نیم" && time.minute === 0) {
        time.minute = 30;
        used = 4;
      }
      if (!set("time", time)) return null;
      i += used;
      continue;
    }
    if ((/^\d{1,2}:\d{2}$/.test(word) || (next !== undefined && next in PARTS)) && clock(word)) {
      if (!set("time", clock(word)!)) return null;
      i += 1;
      continue;
    }

    if (word in DAY_OFFSETS) {
      if (!set("dayOffset", DAY_OFFSETS[word])) return null;
      if (DAY_OFFSETS[word] === 0) phrase.today = true;
      i += 1;
      continue;
    }
    if (word === "امشب") {
      if (!set("dayOffset", 0) || !set("part", "night")) return null;
      phrase.today = true;
      i += 1;
      continue;
    }

    // "هفته بعد", "ماه آینده", "հաջորդ շաբաթ[վա]", "հաջորդ ամիս".
    if ((word === "هفته" || word === "ماه") && next !== undefined && PERSIAN_NEXT.has(next)) {
      if (!set(word === "هفته" ? "nextWeek" : "nextMonth", true)) return null;
      i += 2;
      continue;
    }
    if (word === "հաջորդ" && next !== undefined) {
      if (next === "շաբաթ" || next === "շաբաթվա") {
        if (!set("nextWeek", true)) return null;
        i += 2;
        continue;
      }
      if (next === "ամիս" || next === "ամսին" || next === "ամսվա") {
        if (!set("nextMonth", true)) return null;
        i += 2;
        continue;
      }
      if (WEEKDAYS[next] !== undefined) {
        // "հաջորդ երկուշաբթի" is the coming Monday, as "next monday" is in English.
        if (!set("weekday", WEEKDAYS[next])) return null;
        i += 2;
        continue;
      }
      return null;
    }

    if (word in WEEKDAYS) {
      if (!set("weekday", WEEKDAYS[word])) return null;
      i += 1;
      // "شنبه بعد" / "شنبه آینده": that day of next week; "երկուշաբթի օրը": just the day.
      if (next !== undefined && PERSIAN_NEXT.has(next) && next !== "دیگر" && next !== "دیگه") {
        if (!set("nextWeek", true)) return null;
        i += 1;
      } else if (next === "օրը") i += 1;
      continue;
    }

    if (word in PARTS) {
      if (!set("part", PARTS[word])) return null;
      i += 1;
      continue;
    }
    return null;
  }
  return Object.keys(phrase).length > 0 ? phrase : null;
}

function setSpan(phrase: LocalPhrase, unit: SpanUnit, amount: number): boolean {
  if (phrase.span) return false;
  if (amount === 0.5) {
    // "نیم ساعت دیگر", "կես ժամից": half an hour; half of anything else is not a phrase anyone uses.
    if (unit !== "hours") return false;
    phrase.span = { unit: "minutes", amount: 30 };
    return true;
  }
  if (amount <= 0) return false;
  phrase.span = { unit, amount };
  return true;
}
