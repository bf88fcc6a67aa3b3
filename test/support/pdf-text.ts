import { execFileSync } from "node:child_process";

/**
 * The text of a PDF as poppler's pdftotext reads it (poppler-utils; `.ci/run` installs it when missing):
 * what a reader copying from the page, or a search engine, would get. pdftotext puts right-to-left text
 * back into logical order, so Persian is asserted as it is typed. `layout` keeps each line of the page on
 * one line of text, in the page's columns.
 */
export function pdfText(bytes: Uint8Array, { layout = false }: { layout?: boolean } = {}): string {
  return execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", "-", "-"], {
    input: Buffer.from(bytes),
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** How many pages the PDF has, as pdfinfo reports it. */
export function pdfPageCount(bytes: Uint8Array): number {
  const info = execFileSync("pdfinfo", ["-"], { input: Buffer.from(bytes), encoding: "utf8" });
  const pages = /^Pages:\s+(\d+)$/m.exec(info);
  if (!pages) throw new Error(`pdfinfo printed no page count:\n${info}`);
  return Number(pages[1]);
}

/** Each word pdftotext finds, with its box on the page (points from the top left). */
export function pdfWords(bytes: Uint8Array): Array<{ text: string; xMin: number; xMax: number; yMin: number }> {
  const html = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", "-", "-"], { input: Buffer.from(bytes), encoding: "utf8" });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((match) => ({
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
    text: match[4]!,
  }));
}

/**
 * Text compared in logical order, as typed: pdftotext wraps right-to-left and left-to-right stretches in
 * embedding marks (U+202A…U+202C) and places the spaces between them loosely, so marks and spaces are
 * dropped on both sides of a comparison. The order of the letters and words is what is checked.
 */
export const squashed = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, "");
