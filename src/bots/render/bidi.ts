import { isRightToLeft } from "../../domain/settings/language.js";
import { languageOf } from "./i18n.js";
import type { Reply } from "./reply.js";

/**
 * Left-to-right tokens inside right-to-left text. Without help, a Persian line reorders them: "#12" shows as
 * "12#", "@anna" as "anna@", an amount's code jumps to the other side of its number, and a line that starts
 * with one is laid out left to right as a whole. Wrapping each run in FIRST STRONG ISOLATE … POP DIRECTIONAL
 * ISOLATE (Unicode's bidi isolates, which Telegram and Slack clients honour) keeps the run in one piece and
 * in its place, and keeps it out of the guess at the line's own direction.
 */
export const FSI = "\u2068";
export const PDI = "\u2069";

const LETTER = "\\p{Script=Latin}";
const DIGIT = "0-9\\u06F0-\\u06F9\\u0660-\\u0669";
/** What may continue a run: letters, digits and the punctuation of ids, amounts, e-mails, URLs and commands. */
const INNER = `${LETTER}${DIGIT}_\\-+@#/%×&'"().,:;?=~*$€£<>\\[\\]|\\u066B\\u066C`;
/** A run starts with a Latin letter or digit, maybe after a sigil (#12, @anna, /lead, <days>); spaces join runs, and so
 * does a command's " ; " (/invoice new Acme ; Design 10 x 450 USD). */
const START = `[#@/+<(\\[]?[${LETTER}${DIGIT}]`;
const RUN = new RegExp(`${START}(?:[${INNER}]|\\s+(?=(?:[;|]\\s+)?${START}))*`, "gu");
const HAS_LETTER = new RegExp(`[${LETTER}]`, "u");
/** Sentence punctuation after a token belongs to the sentence, not to the token. */
const TRAILING = /[.,:;?]+$/;

/** The same text with every left-to-right run isolated. Numbers alone are left as they are: they read well. */
export function isolateLtr(text: string): string {
  return text.replace(RUN, (run) => {
    let token = run.replace(TRAILING, "");
    // A bracket whose partner is outside the run ("(USD، EUR)") stays outside with it, mirrored as RTL text.
    while (/[)\]>]$/.test(token) && unbalanced(token) < 0) token = token.slice(0, -1);
    const lead = /^[(\[<]/.test(token) && unbalanced(token) > 0 ? 1 : 0;
    const core = token.slice(lead);
    if (!HAS_LETTER.test(core) && !/^[#@]/.test(core)) return run;
    return `${token.slice(0, lead)}${FSI}${core}${PDI}${run.slice(token.length)}`;
  });
}

/** Openings minus closings of the brackets a token may carry: above 0 an opening lacks its partner. */
function unbalanced(token: string): number {
  const count = (char: string) => token.split(char).length - 1;
  const pairs: [string, string][] = [["(", ")"], ["[", "]"], ["<", ">"]];
  const differences = pairs.map(([open, close]) => count(open) - count(close));
  return differences.find((difference) => difference !== 0) ?? 0;
}

/** Every text of a right-to-left reply with its left-to-right runs isolated; any other reply as it is. */
export function isolateReply(reply: Reply): Reply {
  if (reply.direction !== "rtl") return reply;
  return {
    ...reply,
    ...(reply.title !== undefined ? { title: isolateLtr(reply.title) } : {}),
    ...(reply.fields ? { fields: reply.fields.map((field) => ({ label: isolateLtr(field.label), value: isolateLtr(field.value) })) } : {}),
    ...(reply.lines ? { lines: reply.lines.map(isolateLtr) } : {}),
    ...(reply.footer !== undefined ? { footer: isolateLtr(reply.footer) } : {}),
  };
}

/** Marks a reply with its reader's writing direction (from their locale), for the renderers. */
export function forReader<R extends Reply>(reply: R, locale: string): R {
  return isRightToLeft(languageOf(locale)) ? { ...reply, direction: "rtl" } : reply;
}

/** Text that reaches a reader without a reply around it (a button's alert), isolated for an RTL reader. */
export function textForReader(text: string, locale: string): string {
  return isRightToLeft(languageOf(locale)) ? isolateLtr(text) : text;
}
