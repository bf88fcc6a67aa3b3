import bidiFactory from "bidi-js";
import { FACES, faceFor, fontFiles, runWidth, shapedRun, type Face, type Weight } from "./pdf-fonts.js";

/**
 * One line of text on a PDF page, in any mix of scripts and directions. pdfkit shapes what it is given with
 * fontkit (Persian letters join) but knows nothing of bidi: it lays each string in the direction of its first
 * letter's script and puts strings where it is told. So a line is cut into runs of one bidi level and one
 * face, the runs are put in visual order with the Unicode Bidirectional Algorithm (bidi-js), and each run is
 * drawn left to right after the one before it.
 */

const bidi = bidiFactory();

export type Direction = "ltr" | "rtl";
/** A paragraph's base direction; "auto" takes it from the first strong letter (user text: names, descriptions, notes). */
export type Paragraph = Direction | "auto";
/** A run of a line, in the order it is drawn (left to right). `text` is what pdfkit is handed. */
export type Piece = { text: string; face: Face };

/** Marks and isolates that steer the algorithm; they have no glyph and are not drawn. */
const BIDI_CONTROL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Left-to-right isolate: text (a phone number, an id) that keeps its own order inside right-to-left text. */
export const isolateLtr = (text: string) => `\u2066${text}\u2069`;

const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}]/u;

/** fontkit lays a string right to left when its first character of a script (not a digit or a space) is of a right-to-left script. */
function fontkitLaysRtl(text: string): boolean {
  for (const char of text) if (SCRIPTED.test(char)) return RTL_SCRIPT.test(char);
  return false;
}

/** A bracket in right-to-left text points the other way ("(" is drawn as ")"); fontkit leaves that to the font, and Vazirmatn has no rtlm. */
const mirrored = (chars: string[]) => chars.map((char) => bidi.getMirroredCharacter(char) ?? char);

type Run = { text: string; level: number; face: Face };

/** Rule L2 of the algorithm, on whole runs: from the highest level to the lowest odd one, reverse every stretch at that level or above. */
function visualOrder(runs: Run[]): Run[] {
  const out = [...runs];
  const levels = out.map((run) => run.level);
  const highest = Math.max(0, ...levels);
  const lowestOdd = Math.min(...levels.map((level) => (level % 2 === 1 ? level : level + 1)), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < out.length; ) {
      if (out[start]!.level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < out.length && out[end]!.level >= level) end++;
      out.splice(start, end - start, ...out.slice(start, end).reverse());
      start = end;
    }
  }
  return out;
}

/** A line as pieces in drawing order, for a paragraph of the given base direction. */
export function visualPieces(text: string, paragraph: Paragraph, weight: Weight): Piece[] {
  const line = text.replace(/[\r\n\t]+/g, " ");
  const { levels } = bidi.getEmbeddingLevels(line, paragraph === "auto" ? undefined : paragraph);
  const runs: Run[] = [];
  let index = 0;
  let previous: Face | null = null;
  for (const char of line) {
    if (BIDI_CONTROL.test(char)) {
      index += char.length;
      continue;
    }
    const level = levels[index]!;
    const face = faceFor(char, previous, weight);
    const last = runs.at(-1);
    if (last && last.level === level && last.face === face) last.text += char;
    else runs.push({ text: char, level, face });
    previous = face;
    index += char.length;
  }
  return visualOrder(runs).map((run) => {
    const rtl = run.level % 2 === 1;
    const chars = rtl ? mirrored([...run.text]) : [...run.text];
    // fontkit reverses a run it reads as right-to-left. Where that disagrees with the bidi level (Persian
    // digits are "Arabic script" but read left to right; a lone bracket inside Persian reads right to left),
    // the run is handed over reversed so that fontkit's order comes out right.
    return { text: (rtl === fontkitLaysRtl(run.text) ? chars : chars.reverse()).join(""), face: run.face };
  });
}

export type TextStyle = { size: number; weight?: Weight; color?: string };
export type Align = "start" | "end" | "center";
export type BoxOptions = {
  /** Distance of the box from the page's start edge: the left one in a left-to-right document, the right one in a right-to-left one. */
  x: number;
  /** Top of the line. */
  y: number;
  width: number;
  align?: Align;
  /** What to do with text wider than the box: cut it with "…" (descriptions), or print it smaller (amounts, which are never cut). */
  overflow?: "ellipsis" | "shrink";
  /** The paragraph direction of this text; the document's unless said. */
  paragraph?: Paragraph;
};

/** pdfkit lays the run as one string (with features given, it does not split it at spaces, which would undo the bidi order). */
const WHOLE_RUN = { features: [] as PDFKit.Mixins.OpenTypeFeatures[], lineBreak: false, baseline: "alphabetic" } as const;
const SMALLEST_SHRINK = 0.6;

/**
 * Text on a pdfkit document laid out from the document's start edge, so one layout serves both directions:
 * in a right-to-left document every box is mirrored (x from the right edge) and "start" aligns right.
 */
export function pdfText(doc: PDFKit.PDFDocument, direction: Direction) {
  const files = fontFiles();
  for (const face of FACES) doc.registerFont(face, files[face].bytes);
  const pageWidth = doc.page.width;
  const shared = new Set<Face>();

  /**
   * Selects a face for drawing. pdfkit parses its own copy of each font per document; the first time a face
   * is used, that copy's layout is pointed at the runs shaped once for every document (same font file, same
   * glyph ids). pdfkit keeps the parsed font at `_font.font`, which is not public API: the PDF tests fail
   * if that changes.
   */
  function useFace(face: Face, size: number) {
    doc.font(face).fontSize(size);
    if (shared.has(face)) return;
    const font = (doc as unknown as { _font: { font: { layout: unknown } } })._font.font;
    font.layout = (text: string) => shapedRun(face, text);
    shared.add(face);
  }

  function widthOf(pieces: Piece[], size: number): number {
    let width = 0;
    for (const piece of pieces) width += runWidth(piece.face, piece.text) * size;
    return width;
  }

  function lineOf(text: string, style: TextStyle, paragraph: Paragraph) {
    return visualPieces(text, paragraph, style.weight ?? "regular");
  }

  /** The longest logical prefix of `text` that fits `width` with "…" after it. */
  function cut(text: string, style: TextStyle, paragraph: Paragraph, width: number): Piece[] {
    const chars = [...text];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (widthOf(lineOf(`${chars.slice(0, mid).join("").trimEnd()}…`, style, paragraph), style.size) <= width) low = mid;
      else high = mid - 1;
    }
    return lineOf(`${chars.slice(0, low).join("").trimEnd()}…`, style, paragraph);
  }

  return {
    direction,

    /** The width the text takes at this style. */
    width(text: string, style: TextStyle, paragraph: Paragraph = direction): number {
      return widthOf(lineOf(text, style, paragraph), style.size);
    },

    /** Draws one line in its box. Returns the box's height. */
    box(text: string, style: TextStyle, box: BoxOptions): number {
      const paragraph = box.paragraph ?? direction;
      let size = style.size;
      let pieces = lineOf(text, style, paragraph);
      let width = widthOf(pieces, size);
      if (width > box.width && box.overflow === "shrink") {
        size = Math.max(style.size * SMALLEST_SHRINK, (style.size * box.width) / width);
        width = widthOf(pieces, size);
      }
      if (width > box.width) {
        pieces = cut(text, { ...style, size }, paragraph, box.width);
        width = widthOf(pieces, size);
      }
      const left = direction === "rtl" ? pageWidth - box.x - box.width : box.x;
      const align = box.align ?? "start";
      // "start" is the side the reader starts from: left in a left-to-right document, right in a right-to-left one.
      const flushRight = (align === "start") === (direction === "rtl");
      let x = align === "center" ? left + (box.width - width) / 2 : flushRight ? left + box.width - width : left;
      const baseline = box.y + style.size * 0.95;
      doc.fillColor(style.color ?? "#000000");
      for (const piece of pieces) {
        useFace(piece.face, size);
        doc.text(piece.text, x, baseline, WHOLE_RUN);
        x += runWidth(piece.face, piece.text) * size;
      }
      return style.size * 1.5;
    },

    /**
     * Call before doc.end(). poppler (pdftotext) spreads a ligature's characters left to right over its glyph,
     * then reads a right-to-left word backwards, so Persian lam-alef ("لا" in "کالا") would come out as "ال".
     * The characters of a right-to-left ligature are listed in visual order, which extracts as typed.
     */
    finish() {
      const families = (doc as unknown as { _fontFamilies: Record<string, { unicode?: Array<number[] | undefined> }> })._fontFamilies;
      // A font is listed under its family name and its PostScript name: each is fixed once.
      for (const font of new Set(Object.values(families))) {
        const unicode = font.unicode ?? [];
        unicode.forEach((codePoints, gid) => {
          if (codePoints && codePoints.length > 1 && codePoints.every((point) => RTL_SCRIPT.test(String.fromCodePoint(point)))) {
            unicode[gid] = [...codePoints].reverse();
          }
        });
      }
    },

    /** A horizontal rule between two distances from the start edge. */
    rule(x: number, y: number, width: number, color = "#999999") {
      const left = direction === "rtl" ? pageWidth - x - width : x;
      doc.moveTo(left, y).lineTo(left + width, y).strokeColor(color).stroke();
    },
  };
}

export type PdfText = ReturnType<typeof pdfText>;
