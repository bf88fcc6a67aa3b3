/**
 * Numbers as people type them. The product prints Persian digits for `fa` readers (`۱۲٬۰۰۰`), so it must read
 * them back, and Arabic-Indic digits too (the same keyboard layouts produce both). This is the one place that
 * knows those characters; every reader of a number (ids, amounts, quantities, rates, dates, times) goes
 * through it. Free text (names, notes, titles) is never passed through: it stays as typed.
 */

const PERSIAN_ZERO = 0x06f0; // ۰ … ۹
const ARABIC_INDIC_ZERO = 0x0660; // ٠ … ٩

/** Persian and Arabic-Indic digits to ASCII 0-9; every other character unchanged. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code - (code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO));
  });
}

/**
 * A number, percentage or list separator as ASCII: digits as above, the Arabic thousands separator `٬` (and
 * the Arabic comma `،` some keyboards give for it) to `,`, the decimal separator `٫` to `.`, the percent sign
 * `٪` to `%`, and the Arabic semicolon `؛` to `;`. Meant for text that is read as numbers and separators,
 * such as a command's grammar words; not for names.
 */
export function asciiNumerals(text: string): string {
  return asciiDigits(text).replace(/[٬،٫٪؛]/g, (mark) => NUMERAL_MARKS[mark]!);
}

const NUMERAL_MARKS: Record<string, string> = { "٬": ",", "،": ",", "٫": ".", "٪": "%", "؛": ";" };

/** The list separator `;` or `؛`: invoice parts are split on either, the text between stays as typed. */
export const LIST_SEPARATOR = /[;؛]/;

/** Whether a word holds a digit of any of the three digit sets. */
export function hasDigit(text: string): boolean {
  return /[0-9\u06f0-\u06f9\u0660-\u0669]/.test(text);
}
