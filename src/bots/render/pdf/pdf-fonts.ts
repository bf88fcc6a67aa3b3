import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";

/**
 * The fonts an invoice PDF embeds (as subsets: only the glyphs it uses), all under the SIL Open Font
 * License 1.1 and installed from npm with the rest of the dependencies:
 * - Vazirmatn (`vazirmatn`, TTF): Persian and Arabic script, and the Latin face, digits and punctuation;
 * - Noto Sans Armenian (`@fontsource/noto-sans-armenian`, WOFF, which fontkit reads): Armenian script.
 * Which face prints a character is decided by its script (faceFor), so a Persian name in an English
 * invoice still prints in Vazirmatn.
 */
const require = createRequire(import.meta.url);

export const FACES = ["vazirmatn", "vazirmatn-bold", "armenian", "armenian-bold"] as const;
export type Face = (typeof FACES)[number];
export type Weight = "regular" | "bold";

const FILES: Record<Face, string> = {
  vazirmatn: "vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf",
  "vazirmatn-bold": "vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf",
  armenian: "@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-400-normal.woff",
  "armenian-bold": "@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-700-normal.woff",
};

type Loaded = { bytes: Buffer; font: fontkit.Font };
let loaded: Record<Face, Loaded> | null = null;

/** The font files, read once per process (about 250 kB in all); pdfkit parses its own copy per document. */
export function fontFiles(): Record<Face, Loaded> {
  if (!loaded) {
    const entries = FACES.map((face) => {
      const bytes = readFileSync(require.resolve(FILES[face]));
      const font = fontkit.create(bytes);
      if (!("characterSet" in font)) throw new Error(`${FILES[face]} is a font collection, not one font`);
      return [face, { bytes, font }] as const;
    });
    loaded = Object.fromEntries(entries) as Record<Face, Loaded>;
  }
  return loaded;
}

const ARMENIAN = /\p{Script=Armenian}/u;
/** Spaces, punctuation, marks: they print in the face of the text around them when it has them. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * The face for one character: Armenian letters in Noto Sans Armenian; a neutral character in the face before
 * it when that face has it (so a run is not split at every space); everything else in Vazirmatn, which covers
 * Persian, Latin, digits (Latin and Persian) and the common punctuation.
 */
export function faceFor(char: string, previous: Face | null, weight: Weight): Face {
  const files = fontFiles();
  const armenian: Face = weight === "bold" ? "armenian-bold" : "armenian";
  const general: Face = weight === "bold" ? "vazirmatn-bold" : "vazirmatn";
  if (ARMENIAN.test(char) && files[armenian].font.hasGlyphForCodePoint(char.codePointAt(0)!)) return armenian;
  if (previous && NEUTRAL.test(char) && files[previous].font.hasGlyphForCodePoint(char.codePointAt(0)!)) return previous;
  return general;
}

type Positions = fontkit.GlyphRun["positions"];
type SharedRun = { glyphs: fontkit.GlyphRun["glyphs"]; positions: Positions; readonly advanceWidth: number };

/**
 * Shaped runs by face and text, shared by every document. Shaping a string with fontkit costs about a
 * millisecond whatever its length (it plans its OpenType lookups each time), and pdfkit shapes a string two
 * or three times to draw it once; an invoice repeats its labels and amounts, and so do the invoices after it.
 * Emptied when it grows past its bound.
 */
const runs = new Map<string, { glyphs: fontkit.GlyphRun["glyphs"]; positions: Positions }>();
const MAX_CACHED_RUNS = 20_000;

export function shapedRun(face: Face, text: string): SharedRun {
  const key = `${face}\u0000${text}`;
  let run = runs.get(key);
  if (!run) {
    const shaped = fontFiles()[face].font.layout(text, []);
    run = { glyphs: shaped.glyphs, positions: shaped.positions };
    if (runs.size >= MAX_CACHED_RUNS) runs.clear();
    runs.set(key, run);
  }
  // pdfkit scales the positions it is handed in place, so each caller gets its own copies.
  const positions = run.positions.map((position) => ({ ...position }));
  return {
    glyphs: run.glyphs,
    positions,
    get advanceWidth() {
      return positions.reduce((sum, position) => sum + position.xAdvance, 0);
    },
  };
}

/** Advance width of a shaped run at a font size of 1. */
export function runWidth(face: Face, text: string): number {
  const run = shapedRun(face, text);
  return run.advanceWidth / fontFiles()[face].font.unitsPerEm;
}
