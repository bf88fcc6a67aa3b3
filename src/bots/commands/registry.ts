import { z } from "zod";
import type { Actor, Platform } from "../../domain/members/member.js";
import type { CallerKey } from "../../domain/members/member.repo.js";
import type { Formatter } from "../render/format.js";
import type { Translate } from "../render/i18n.js";
import type { MessageKey } from "../render/messages.en.js";
import type { Reply } from "../render/reply.js";
import type { Services } from "./services.js";
import { asciiDigits } from "../../domain/shared/numerals.js";
import { words } from "./tokenize.js";

export type CommandContext = {
  actor: Actor;
  services: Services;
  t: Translate;
  fmt: Formatter;
  /** Who sent the command, as their platform names them (linking needs the platform identity itself). */
  caller?: CallerKey | undefined;
  /** The chat the command or press came from, when the door knows it (reminders fall back to it). */
  origin?: { platform: Platform; chatId: string; threadId?: string | undefined } | undefined;
  /** Opens a form for the caller where they are (a modal on Slack, questions in the chat elsewhere). */
  forms?: FormOpener | undefined;
};

export type FormOpener = {
  /** The reply that opens the form for `command`; `context` is what it is about and does not ask. */
  open(command: string, context?: string | null): Promise<Reply>;
};

/** A command, declared once: its grammar, its help line and its handler, shared by every door. */
export type Command<Input = unknown> = {
  /** Space-separated path, "lead add". The first word is the slash command on Slack and Telegram. */
  name: string;
  usage: string;
  example: string;
  summary: MessageKey;
  /** Argument text in, typed input out. Issue messages are catalog keys, so errors can be translated. */
  args: z.ZodType<Input, string>;
  run(input: Input, ctx: CommandContext): Promise<Reply>;
  /**
   * It only reads (a list, a card): it runs outside a transaction, and its delivery is completed in one
   * statement after, three round trips fewer. A write inside it fails loudly (see `readingOnly` in tx.ts).
   */
  reads?: true;
};

export function defineCommand<Input>(command: Command<Input>): Command<Input> {
  return command;
}

export type Registry = {
  all: readonly Command[];
  /** The longest command path that `path` starts with, and how many words it used. */
  match(path: string[]): { command: Command; length: number } | null;
  /** The slash commands a platform must declare: "crm", "lead", ... */
  tops(): string[];
};

export function createRegistry(commands: readonly Command<any>[]): Registry {
  const byName = new Map(commands.map((command) => [command.name, command as Command]));
  return {
    all: [...byName.values()],
    match(path) {
      for (let length = Math.min(path.length, 3); length > 0; length--) {
        const command = byName.get(path.slice(0, length).join(" "));
        if (command) return { command, length };
      }
      return null;
    },
    tops() {
      return [...new Set(commands.map((command) => command.name.split(" ")[0]!))];
    },
  };
}

// Argument building blocks. A schema's message is a catalog key; `params` fill its placeholders.

/** The argument text as words: `wordsOf(z.tuple([leadNumber, stage]))`. */
export const wordsOf = <T extends z.ZodType<unknown, string[]>>(schema: T) =>
  z.string().transform((text) => words(text)).pipe(schema);

/** First word, then the rest of the text verbatim: "12 Called, they want a quote". */
export const headAndRest = <H extends z.ZodType<unknown, string>, R extends z.ZodType<unknown, string>>(head: H, rest: R) =>
  z
    .string()
    .transform((text): [string, string] => {
      const match = /^(\S*)\s*([\s\S]*)$/.exec(text.trim())!;
      return [match[1]!, match[2]!];
    })
    .pipe(z.tuple([head, rest]) as unknown as z.ZodType<[z.output<H>, z.output<R>], [string, string]>);

/** "12", "#12", "۱۲", "#١٢": a record's chat number, in any of the digit sets people type. */
export const recordNumber = (key: MessageKey) =>
  z
    .string({ error: key })
    .transform((text) => asciiDigits(text.trim()))
    .pipe(z.string().regex(/^#?\d{1,9}$/, key))
    .transform((text) => Number(text.replace("#", "")));

export const leadNumber = recordNumber("args.lead_number");

export const requiredText = (key: MessageKey = "args.text_required") => z.string().trim().min(1, key);

/**
 * "<field> <value>" of an edit command ("name Acme Corp", "due fri 10:00"): the field, one of `fields` (else
 * the issue `fieldKey`), and the rest of the text, which must not be empty (else `valueKey`). Null after an issue.
 */
export function fieldThenValue<F extends string>(
  text: string,
  fields: readonly F[],
  ctx: z.RefinementCtx,
  keys: { field: MessageKey; value: MessageKey },
): { field: F; value: string } | null {
  const [, field = "", value = ""] = /^(\S*)\s*([\s\S]*)$/.exec(text.trim())!;
  const known = fields.find((name) => name === field.toLowerCase());
  if (!known) ctx.addIssue({ code: "custom", message: keys.field });
  else if (value.trim() === "") ctx.addIssue({ code: "custom", message: keys.value });
  return known && value.trim() !== "" ? { field: known, value: value.trim() } : null;
}

export const noArgs = z.string().transform(() => ({}));
