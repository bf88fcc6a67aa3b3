/**
 * Telegram's HTML parse_mode as the emulator enforces it (platform-facts B7): the supported tags and
 * attributes only, the four named entities plus numeric ones, and no bare "<" or "&". The result is what the
 * user sees: the text and its entities, offsets and lengths in UTF-16 code units.
 */

export type ParsedEntity = { type: string; offset: number; length: number; url?: string; language?: string };
export type ParsedHtml = { text: string; entities: ParsedEntity[] };

export class HtmlParseError extends Error {}

const TAGS: Record<string, { type: string; attributes: string[] }> = {
  b: { type: "bold", attributes: [] },
  strong: { type: "bold", attributes: [] },
  i: { type: "italic", attributes: [] },
  em: { type: "italic", attributes: [] },
  u: { type: "underline", attributes: [] },
  ins: { type: "underline", attributes: [] },
  s: { type: "strikethrough", attributes: [] },
  strike: { type: "strikethrough", attributes: [] },
  del: { type: "strikethrough", attributes: [] },
  "tg-spoiler": { type: "spoiler", attributes: [] },
  span: { type: "spoiler", attributes: ["class"] },
  a: { type: "text_link", attributes: ["href"] },
  code: { type: "code", attributes: ["class"] },
  pre: { type: "pre", attributes: [] },
  blockquote: { type: "blockquote", attributes: ["expandable"] },
  "tg-emoji": { type: "custom_emoji", attributes: ["emoji-id"] },
};

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
const START_TAG = /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s>"'<]+))?)*)\s*>/;
const ATTRIBUTE = /([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
const END_TAG = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/;
const ENTITY = /^&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/;

const fail = (html: string, index: number, what: string): never => {
  throw new HtmlParseError(`Can't find end of the entity starting at byte offset ${Buffer.byteLength(html.slice(0, index))}: ${what}`);
};

function decodeEntities(value: string, html: string, at: number): string {
  let out = "";
  for (let i = 0; i < value.length; ) {
    if (value[i] !== "&") {
      out += value[i++];
      continue;
    }
    const match = ENTITY.exec(value.slice(i));
    if (!match) fail(html, at, `unescaped "&" in an attribute`);
    out += match![1] ? NAMED[match![1]]! : String.fromCodePoint(Number.parseInt(match![2] ?? match![3]!, match![2] ? 10 : 16));
    i += match![0].length;
  }
  return out;
}

export function parseTelegramHtml(html: string): ParsedHtml {
  let text = "";
  const entities: ParsedEntity[] = [];
  const open: Array<{ name: string; offset: number; entity: Omit<ParsedEntity, "offset" | "length"> }> = [];
  let i = 0;
  while (i < html.length) {
    const char = html[i]!;
    if (char === "&") {
      const match = ENTITY.exec(html.slice(i, i + 12));
      if (!match) fail(html, i, `unescaped "&" (write &amp;)`);
      text += match![1] ? NAMED[match![1]]! : String.fromCodePoint(Number.parseInt(match![2] ?? match![3]!, match![2] ? 10 : 16));
      i += match![0].length;
    } else if (char === "<" && html[i + 1] === "/") {
      const match = END_TAG.exec(html.slice(i));
      if (!match) fail(html, i, `unescaped "<" (write &lt;)`);
      const name = match![1]!.toLowerCase();
      const top = open.pop();
      if (!top || top.name !== name) {
        throw new HtmlParseError(`Unmatched end tag at byte offset ${Buffer.byteLength(html.slice(0, i))}, expected "</${top?.name ?? ""}>", found "</${name}>"`);
      }
      if (text.length > top.offset) entities.push({ ...top.entity, offset: top.offset, length: text.length - top.offset });
      i += match![0].length;
    } else if (char === "<") {
      const match = START_TAG.exec(html.slice(i));
      if (!match) fail(html, i, `unescaped "<" (write &lt;)`);
      const name = match![1]!.toLowerCase();
      const tag = TAGS[name];
      if (!tag) throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
      const entity: Omit<ParsedEntity, "offset" | "length"> = { type: tag.type };
      for (const [, attribute, ...values] of match![2]!.matchAll(ATTRIBUTE)) {
        const key = attribute!.toLowerCase();
        if (!tag.attributes.includes(key)) throw new HtmlParseError(`Unsupported attribute "${key}" of tag "${name}"`);
        const value = decodeEntities(values.find((v) => v !== undefined) ?? "", html, i);
        if (name === "span" && value !== "tg-spoiler") throw new HtmlParseError(`Tag "span" must have class "tg-spoiler"`);
        if (name === "a") entity.url = value;
        if (name === "code" && value.startsWith("language-")) entity.language = value.slice("language-".length);
        if (name === "blockquote") entity.type = "expandable_blockquote";
      }
      if (name === "span" && !match![2]!.trim()) throw new HtmlParseError(`Tag "span" must have class "tg-spoiler"`);
      open.push({ name, offset: text.length, entity });
      i += match![0].length;
    } else {
      text += char;
      i += 1;
    }
  }
  const unclosed = open.pop();
  if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset || b.length - a.length) };
}
