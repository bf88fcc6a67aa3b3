import { inflateSync } from "node:zlib";

/**
 * The text a PDF made by pdfkit shows, good enough for assertions: each content stream is inflated when
 * compressed, and the hex strings of its TJ/Tj operators decoded (pdfkit writes WinAnsi text as hex, split
 * around kerning). Text objects are joined with newlines. Not a general PDF parser.
 */
export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes);
  const latin = raw.toString("latin1");
  const out: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streams.exec(latin); match; match = streams.exec(latin)) {
    const start = match.index + match[0].length;
    const end = latin.indexOf("endstream", start);
    const body = raw.subarray(start, end);
    let content: string;
    try {
      content = /FlateDecode/.test(match[1]!) ? inflateSync(body).toString("latin1") : body.toString("latin1");
    } catch {
      continue;
    }
    for (const text of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = text[1] !== undefined ? [...text[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [text[2]!];
      out.push(hexes.map((hex) => Buffer.from(hex, "hex").toString("latin1")).join(""));
    }
  }
  return out.join("\n");
}

/** How many pages the PDF has (its /Type /Page objects). */
export function pdfPageCount(bytes: Uint8Array): number {
  return (Buffer.from(bytes).toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
}
