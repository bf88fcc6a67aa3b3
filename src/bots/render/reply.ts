/**
 * The one reply model: what a command answers, as data. Each door renders it in its own way (Block Kit,
 * Telegram HTML, plain console text). Every string here is plain text: renderers escape all of it, and
 * emphasis comes only from structure (a title, a field label), so no user text can carry markup.
 */
export type Field = { label: string; value: string };

/** A button. `id` is the payload: an action name and a record id ("task.done:3f2a…"), never state to trust. */
export type Action = { id: string; label: string; style?: "primary" | "danger" };

export type Attachment = { filename: string; mimeType: string; bytes: Uint8Array };

export type Reply = {
  title?: string;
  fields?: Field[];
  lines?: string[];
  /** A small, quieter line under the rest (counts, hints). */
  footer?: string;
  actions?: Action[];
  /** Files to post with the reply (an invoice PDF): Slack files upload v2, Telegram sendDocument, console writes to disk. */
  attachments?: Attachment[];
  /** Only the caller should see it (Slack ephemeral; elsewhere the reply goes to the caller's chat). */
  private?: boolean;
  tone?: "ok" | "error" | "info";
  /** Set for a reader of a right-to-left language: the Slack and Telegram renderers isolate LTR tokens. */
  direction?: "rtl";
};

export const reply = {
  card(title: string, fields: Field[] = [], extra: Omit<Reply, "title" | "fields"> = {}): Reply {
    return { title, fields, tone: "ok", ...extra };
  },
  text(...lines: string[]): Reply {
    return { lines, tone: "info" };
  },
  error(line: string, example?: string): Reply {
    return { lines: example ? [line, example] : [line], tone: "error", private: true };
  },
};

/** The same reply as plain text: the console's rendering, and every platform's notification fallback. */
export function toPlainText(r: Reply): string {
  const out: string[] = [];
  if (r.title) out.push(r.title);
  for (const field of r.fields ?? []) out.push(`${field.label}: ${field.value}`);
  out.push(...(r.lines ?? []));
  if (r.footer) out.push(r.footer);
  return out.join("\n");
}
