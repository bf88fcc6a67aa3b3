import type { CallerKey } from "../domain/members/member.repo.js";

/**
 * User text as it enters through a door (Slack, Telegram, the console), made safe to store and show. One
 * function for all three doors, applied before anything else reads the text:
 * - a lone UTF-16 surrogate (half of an emoji, cut by a client) is removed: it has no UTF-8 form, and the
 *   database driver fails on it;
 * - control characters are removed (NUL is refused by PostgreSQL; the rest are invisible), except a tab and
 *   a line break where the text may have lines; a carriage return becomes a line break;
 * - the text is put in Unicode NFC, so the same word typed on two keyboards is stored and found the same.
 * Nothing here is a rule of the product: a name the domain refuses (empty, too long, bidi overrides) is
 * still refused there, with its message.
 */
export function normalizeUserText(text: string, { multiline = true }: { multiline?: boolean } = {}): string {
  const lines = text.replace(LONE_SURROGATE, "").replace(/\r\n?/g, "\n").replace(CONTROL, "");
  const flat = multiline ? lines : lines.replace(/[\t\n]/g, " ");
  return flat.normalize("NFC");
}

/** The caller's names (display name, username, chat title) as one-line text, like anything else a person typed. */
export function normalizeCaller(caller: CallerKey): CallerKey {
  const line = (text: string | undefined) => (text === undefined ? undefined : normalizeUserText(text, { multiline: false }));
  return { ...caller, displayName: line(caller.displayName)!, username: line(caller.username), chatTitle: line(caller.chatTitle) };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls but tab (09) and line feed (0A), DEL, and the C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
