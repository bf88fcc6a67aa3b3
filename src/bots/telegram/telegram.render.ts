import type { Mention } from "../messenger.js";
import { isolateReply } from "../render/bidi.js";
import type { Action, Reply } from "../render/reply.js";

/**
 * The reply model as Telegram HTML messages. Every piece of text from the model is escaped, and markup comes
 * only from structure (title bold, field labels bold, footer italic), so a lead called "<b>x</b> & co" shows
 * those characters instead of breaking the parse ("can't parse entities") or injecting a link. A reply for a
 * right-to-left reader has its left-to-right tokens isolated first (bidi.ts).
 */

/** sendMessage's limit. Telegram counts the text after entity parsing; the HTML is never shorter, so measuring it is safe. */
export const MAX_MESSAGE_LENGTH = 4096;
/** A long list is split into several messages, up to this many; past that it ends with "…". */
const MAX_MESSAGES = 10;
/** Telegram allows 8 per row; three labels is what fits a phone screen without cutting them. */
const BUTTONS_PER_ROW = 3;
const MAX_BUTTONS = 100;
const MAX_CALLBACK_DATA_BYTES = 64;
const ELLIPSIS = "…";
/** ForceReply's input_field_placeholder: 1-64 characters. */
const MAX_PLACEHOLDER = 64;

export type InlineKeyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
/**
 * A reply prompt: the client opens "reply to this message" with the placeholder in the input field.
 * `selective` shows it only to the people the message @mentions and the sender of the message it quotes.
 */
export type ForceReply = { force_reply: true; selective: true; input_field_placeholder?: string };
export type TelegramMessage = { text: string; reply_markup?: InlineKeyboard | ForceReply };

/** How a reply is turned into messages, beyond the reply itself. */
export type RenderOptions = {
  /** Ask a typed question with a reply prompt (ForceReply); Bale documents none, so it asks in text alone. */
  prompts?: boolean;
  /** Name this person first: so a selective prompt reaches them when there is no message of theirs to quote. */
  mention?: Mention | undefined;
};

/** Text content: `&`, `<` and `>` are the characters Telegram's HTML parser reads as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values (an `href`) also need the quote that would end them. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

/**
 * A line of the message: plain text pieces, some wrapped in one tag or a link to a person (a text mention).
 * A line is never split inside a tag.
 */
type Segment = { text: string; tag?: "b" | "i"; person?: string };
type Line = Segment[];

/**
 * How text becomes the message: HTML (escaped, with tags) for Telegram, or plain text for a Bot API without
 * a parse mode (Bale), where nothing is parsed so nothing is escaped and structure is only line breaks.
 */
export type TextFormat = "html" | "plain";
const escapeFor = (format: TextFormat, text: string) => (format === "html" ? escapeHtml(text) : text);

function linesOf(r: Reply): Line[] {
  const lines: Line[] = [];
  if (r.title) lines.push([{ text: r.title, tag: "b" }]);
  for (const field of r.fields ?? []) lines.push([{ text: `${field.label}:`, tag: "b" }, { text: ` ${field.value}` }]);
  for (const line of r.lines ?? []) lines.push([{ text: line }]);
  if (r.footer) lines.push([{ text: r.footer, tag: "i" }]);
  return lines;
}

function segmentText({ text, tag, person }: Segment, format: TextFormat): string {
  if (person !== undefined && format === "html") return `<a href="tg://user?id=${escapeAttribute(person)}">${escapeHtml(text)}</a>`;
  return tag && format === "html" ? `<${tag}>${escapeHtml(text)}</${tag}>` : escapeFor(format, text);
}

/**
 * The person named first: "@anna" when they have a username (the server marks it a mention), else their
 * name linked to their account (a text mention), which names them as well in HTML; plain text has only the name.
 */
function mentionLine(person: Mention): Line {
  return [person.username ? { text: `@${person.username}` } : { text: person.name, person: person.userId }];
}

const lineText = (line: Line, format: TextFormat) => line.map((segment) => segmentText(segment, format)).join("");

/** The longest prefix of `text` whose escaped form fits `room`, cut between code points (never inside a surrogate pair). */
function prefixWithin(text: string, room: number, format: TextFormat): { text: string; cut: boolean } {
  let used = 0;
  let end = 0;
  for (const char of text) {
    used += escapeFor(format, char).length;
    if (used > room) return { text: text.slice(0, end), cut: true };
    end += char.length;
  }
  return { text, cut: false };
}

/** A line longer than a whole message is shortened, keeping its tags closed, and ends with "…". */
function fitLine(line: Line, limit: number, format: TextFormat): Line {
  if (lineText(line, format).length <= limit) return line;
  const out: Line = [];
  let used = 0;
  for (const segment of line) {
    const tags = format !== "html" ? 0 : segment.person !== undefined ? segmentText({ ...segment, text: "" }, format).length : segment.tag ? segment.tag.length * 2 + 5 : 0;
    const room = limit - used - tags - ELLIPSIS.length;
    if (room <= 0) break;
    const prefix = prefixWithin(segment.text, room, format);
    out.push({ ...segment, text: prefix.cut ? prefix.text + ELLIPSIS : prefix.text });
    used += segmentText(out.at(-1)!, format).length;
    if (prefix.cut) break;
  }
  return out;
}

/** Whole lines packed into messages of at most `limit` characters; at most `maxMessages` of them. */
function pack(lines: Line[], limit: number, maxMessages: number, format: TextFormat): string[] {
  // Room for "\n…" is kept in every message, so the last one can always say that something was left out.
  const room = limit - 1 - ELLIPSIS.length;
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    const html = lineText(fitLine(line, room, format), format);
    if (current !== "" && current.length + 1 + html.length <= room) {
      current += `\n${html}`;
      continue;
    }
    if (current !== "") messages.push(current);
    if (messages.length === maxMessages) return [...messages.slice(0, -1), `${messages.at(-1)!}\n${ELLIPSIS}`];
    current = html;
  }
  if (current !== "") messages.push(current);
  return messages;
}

/** Buttons as an inline keyboard; the callback_data is the action's payload, which must fit Telegram's 64 bytes. */
export function inlineKeyboard(actions: readonly Action[]): InlineKeyboard | undefined {
  if (actions.length === 0) return undefined;
  if (actions.length > MAX_BUTTONS) throw new Error(`a reply has ${actions.length} buttons; Telegram allows ${MAX_BUTTONS}`);
  const buttons = actions.map((action) => {
    const bytes = Buffer.byteLength(action.id, "utf8");
    // A programming error (a long action name or record id), not a user's: fail loudly where it is made.
    if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) {
      throw new Error(`button payload "${action.id}" is ${bytes} bytes; Telegram's callback_data takes 1-${MAX_CALLBACK_DATA_BYTES}`);
    }
    return { text: action.label, callback_data: action.id };
  });
  const rows: InlineKeyboard["inline_keyboard"] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) rows.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return { inline_keyboard: rows };
}

/** input_field_placeholder within its 64 characters (counted as the client does, by UTF-16 units), or none. */
function placeholderOf(text: string | undefined): { input_field_placeholder?: string } {
  const clean = text?.replace(/\s+/g, " ").trim() ?? "";
  if (clean === "") return {};
  return { input_field_placeholder: clean.length <= MAX_PLACEHOLDER ? clean : `${prefixWithin(clean, MAX_PLACEHOLDER - 1, "plain").text}${ELLIPSIS}` };
}

/**
 * A typed question of a form as one message with a reply prompt. One message, because the prompt, the
 * quote it is sent with and the mention that aims it must all be on the message that carries it.
 */
function promptMessage(r: Reply, format: TextFormat, mention: Mention | undefined): TelegramMessage {
  const lines = [...(mention ? [mentionLine(mention)] : []), ...linesOf(isolateReply(r))];
  const [text = ELLIPSIS] = pack(lines, MAX_MESSAGE_LENGTH, 1, format);
  return { text, reply_markup: { force_reply: true, selective: true, ...placeholderOf(r.ask?.placeholder) } };
}

/**
 * A reply as one or more messages (a long list is split between lines), the keyboard on the last one.
 * A form's typed question (`ask.typed`) is one message with a reply prompt instead, when the Bot API has
 * one (`prompts`) and the question has no buttons: a message carries a prompt or a keyboard, not both.
 * A reply with nothing to say in text (only a file) gives no message.
 */
export function renderMessages(r: Reply, format: TextFormat = "html", { prompts = false, mention }: RenderOptions = {}): TelegramMessage[] {
  if (prompts && r.ask?.typed && !r.actions?.length) return [promptMessage(r, format, mention)];
  const lines = [...(mention ? [mentionLine(mention)] : []), ...linesOf(isolateReply(r))];
  const texts = pack(lines, MAX_MESSAGE_LENGTH, MAX_MESSAGES, format);
  const keyboard = inlineKeyboard(r.actions ?? []);
  if (texts.length === 0 && keyboard) texts.push(ELLIPSIS);
  return texts.map((text, index) => (keyboard && index === texts.length - 1 ? { text, reply_markup: keyboard } : { text }));
}

/** A reply as exactly one message, shortened if it must be: an edit replaces one message with one message. */
export function renderOne(r: Reply, format: TextFormat = "html"): { text: string; reply_markup?: InlineKeyboard } {
  const [text = ELLIPSIS] = pack(linesOf(isolateReply(r)), MAX_MESSAGE_LENGTH, 1, format);
  const keyboard = inlineKeyboard(r.actions ?? []);
  return keyboard ? { text, reply_markup: keyboard } : { text };
}
