/**
 * The one reply model: what a command answers, as data. Each door renders it in its own way (Block Kit,
 * Telegram HTML, plain console text). Every string here is plain text: renderers escape all of it, and
 * emphasis comes only from structure (a title, a field label), so no user text can carry markup.
 */
export type Field = { label: string; value: string };

/** A button. `id` is the payload: an action name and a record id ("task.done:3f2a…"), never state to trust. */
export type Action = { id: string; label: string; style?: "primary" | "danger" };

export type Attachment = { filename: string; mimeType: string; bytes: Uint8Array };

/**
 * One question of a form, asked in the chat (Telegram, Bale, the console): the reply's text asks it and its
 * actions are the choices and Back/Skip/Cancel. When an answer is typed (not a choice), `typed` is set: the
 * Telegram door asks with a reply prompt (ForceReply, only the starter's reply counts) showing `placeholder`.
 */
export type Ask = { typed: boolean; placeholder?: string };

/** A form field as a door that shows the whole form at once (a Slack modal) lays it out. */
export type FormViewField = {
  /** The field's key, "customer" or "line.1.quantity": what a submission's values and errors are keyed by. */
  key: string;
  label: string;
  kind: "text" | "multiline" | "choice";
  optional: boolean;
  placeholder?: string;
  initial?: string;
  /** For a choice: value and label of each option. */
  choices?: { value: string; label: string }[];
  /** The field starts a repeated group's item ("Line 2"): a door may draw a divider before it. */
  groupStart?: string;
};

/**
 * A whole form (a Slack modal). `token` names the form, the workspace and the chat it was opened from, signed
 * with the workspace's key: a submission is only taken back with it. `group` is set when the form has a
 * repeated group (invoice lines): a door may offer to add an item, reopening the form with `items + 1`.
 */
export type FormView = {
  title: string;
  submit: string;
  fields: FormViewField[];
  token: string;
  group?: { label: string; items: number };
};

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
  /** This reply asks one question of a form that is open in this chat (see Ask). */
  ask?: Ask;
  /** A whole form to open (a door that has modals); the reply's lines are the fallback where it can't. */
  form?: FormView;
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
