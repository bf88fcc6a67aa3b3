/**
 * Whether two client names are probably the same client, typed differently: "Acme Corp" and "acme corp.",
 * "Acme" and "Acme Corp", "Acme Corporation" and "Acme Corportion", "شركت آريا" (Arabic yeh and kaf) and
 * "شرکت آریا" (Persian). A warning, never a refusal: the caller still creates the record.
 */

// Arabic letters people type on an Arabic keyboard for the Persian ones, and Armenian ligature ev.
const LETTER_VARIANTS: Record<string, string> = { "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "և": "եւ" };
// Zero-width non-joiner and joiner, tatweel, Arabic diacritics: they change how a name looks, not which name it is.
const INVISIBLE = /[\u200c\u200d\u0640\u064b-\u065f\u0670]/g;
// Spaces, punctuation and symbols in any script (Persian ، and ؛, Armenian ։ and ՝ among them).
const SEPARATORS = /[\s\p{P}\p{S}]+/gu;

/** The name reduced to what identifies it: lower case, one letter form, no spaces, punctuation or ZWNJ. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(INVISIBLE, "")
    .replace(/./gu, (letter) => LETTER_VARIANTS[letter] ?? letter)
    .replace(SEPARATORS, "");
}

/** Edit distance (insertions, deletions, substitutions), giving up once it passes `max`. */
export function levenshtein(a: string, b: string, max = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[y.length]!;
}

const MIN_TYPO_LENGTH = 6;
const MAX_TYPOS = 2;
// "A" inside "Acme Corp" says nothing: containment counts from this many letters of the shorter name.
const MIN_CONTAINED_LENGTH = 3;

/**
 * The rule: equal once normalised; or one normalised name contains the other (the shorter at least three
 * letters long); or, for names of six letters or more, at most two typos apart.
 */
export function nearDuplicate(a: string, b: string): boolean {
  return nearDuplicateKeys(normaliseName(a), normaliseName(b));
}

/** `nearDuplicate` on names already normalised (a stored key). */
function nearDuplicateKeys(x: string, y: string): boolean {
  if (x === "" || y === "") return false;
  if (x === y) return true;
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  if ([...shorter].length >= MIN_CONTAINED_LENGTH && longer.includes(shorter)) return true;
  return [...shorter].length >= MIN_TYPO_LENGTH && levenshtein(x, y, MAX_TYPOS) <= MAX_TYPOS;
}

/**
 * What a store needs to fetch only the names `nearDuplicate` might accept for `name`, instead of every name in
 * the workspace: the name's key (`normaliseName`), and, when the typo rule can apply, the key cut into three
 * pieces with where each starts (1-based, in letters). A key within two typos of this one holds one of the
 * pieces whole, starting at most two letters from where it starts here: two edits break at most two of three
 * pieces, and shift the rest by at most two. A store keeps each record's key and returns the keys that are
 * equal, that contain this key or are contained in it (three letters or more), or that have six letters or
 * more, at most two more or fewer than this one, and hold a piece near its place. That is a superset of the
 * matches; `nearDuplicates` then decides, as it always did.
 */
export type LookAlikeProbe = { key: string; pieces: Array<{ text: string; start: number }> };

export function lookAlikeProbe(name: string): LookAlikeProbe {
  const key = normaliseName(name);
  const letters = [...key];
  if (letters.length < MIN_TYPO_LENGTH) return { key, pieces: [] };
  const count = MAX_TYPOS + 1;
  const at = (piece: number) => Math.round((piece * letters.length) / count);
  return { key, pieces: Array.from({ length: count }, (_, piece) => ({ text: letters.slice(at(piece), at(piece + 1)).join(""), start: at(piece) + 1 })) };
}

/** How far a piece may move under the typos `lookAlikeProbe` allows. */
export const LOOK_ALIKE_SHIFT = MAX_TYPOS;

/** The candidates whose name is a near duplicate of `name`, in their given order (a stored key saves normalising). */
export function nearDuplicates<T extends { name: string; key?: string | null }>(name: string, candidates: readonly T[]): T[] {
  const key = normaliseName(name);
  return candidates.filter((candidate) => nearDuplicateKeys(key, candidate.key ?? normaliseName(candidate.name)));
}
