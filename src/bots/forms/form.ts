import type { z } from "zod";
import type { CommandContext } from "../commands/registry.js";
import type { MessageKey } from "../render/messages.en.js";
import type { Reply } from "../render/reply.js";

/**
 * A form: the questions a command asks when it is given no arguments, declared once and shown by each door
 * in its own way (a Slack modal, one Telegram question per message, console prompts). A form does not run
 * anything itself: its answers are written as the command's typed argument text (`toArgs`) and go through
 * the command's own grammar and handler, so a form and the typed line always make the same record.
 */

/** The answers so far: one text per field, a list of texts for a repeated group (one per invoice line). */
export type FormValues = Record<string, string | string[]>;

export type Choice = { value: string; label: string };

type FieldBase = {
  key: string;
  /** The field's name, and the question asking it. */
  label: MessageKey;
  /** What a good answer looks like ("Acme Corp", "5000 USD"): a placeholder in a modal, "e.g." in a question. */
  example?: MessageKey;
  optional?: boolean;
  /**
   * The answer checked on its own, before the whole line is: a catalog key as its message. The typed grammar's
   * own building blocks where they exist, so a field refuses what the command would refuse.
   */
  check?: z.ZodType<unknown, string>;
  /** Asked only when the answers so far call for it (a lead to note on, once "note" was chosen). */
  when?(values: FormValues): boolean;
};

export type TextField = FieldBase & { kind: "text" | "multiline" };

/** One of a fixed list, or of the workspace's records (members, leads): asked with a button per option. */
export type ChoiceField = FieldBase & { kind: "choice"; choices(ctx: CommandContext): Promise<Choice[]> };

/**
 * A repeated group (invoice lines). A modal shows each item's parts as fields of their own ("line.1.quantity"),
 * joined into one typed item by `join`; a chat asks for whole items, one per message, in the typed grammar.
 */
export type GroupField = FieldBase & {
  kind: "group";
  parts: TextField[];
  join(parts: Record<string, string>): string;
  /** A modal opens with this many items; a chat asks for items until the person says they are done. */
  initialItems: number;
  /** Which part a problem the whole item's check found belongs to, by its catalog key (else the first part). */
  partOf?(issue: string): string | undefined;
};

export type FormField = TextField | ChoiceField | GroupField;

export type FormSpec = {
  /** The command this form fills in ("invoice new"); it is also the form's stored name ("capture" for a `run` form). */
  command: string;
  title: MessageKey;
  /** False for a form that only a button opens, about its record (Reject): the bare command keeps its usage. */
  opensBare?: false;
  fields: FormField[];
  /**
   * The answers as the command's argument text. `context` carries what the form was opened about and is not
   * asked (the invoice a Reject form is for).
   */
  toArgs?(values: FormValues, context: string | null): string;
  /**
   * For a form that no single typed command matches (capturing a message as a lead, a note or a task): what
   * its answers do, through the same use cases the commands call. A form has `toArgs` or `run`.
   */
  run?(values: FormValues, ctx: CommandContext, context: string | null): Promise<Reply>;
  /** Which field a problem the command's grammar found belongs to, by its catalog key (else the first field). */
  fieldOf?(issue: string): string | undefined;
};

export const defineForm = (spec: FormSpec): FormSpec => spec;

/** Quotes an answer that must stay one name in the typed grammar ("Studio 54"), with marks it doesn't contain. */
export function quoted(text: string): string {
  const clean = text.trim().replace(/\s+/g, " ");
  if (!clean.includes('"')) return `"${clean}"`;
  if (!clean.includes("»") && !clean.includes("«")) return `«${clean}»`;
  return `“${clean.replace(/[“”]/g, "")}”`;
}

/** One field's answer as text ("" when skipped or not asked). */
export const answerOf = (values: FormValues, key: string): string => String(values[key] ?? "").trim();
