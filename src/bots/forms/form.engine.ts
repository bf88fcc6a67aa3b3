import type { ZodError } from "zod";
import type { Platform } from "../../domain/members/member.js";
import { DomainError } from "../../domain/shared/errors.js";
import { button, type PressResult } from "../commands/actions.js";
import type { CommandContext, Registry } from "../commands/registry.js";
import { isMessageKey } from "../render/i18n.js";
import type { Action, FormView, FormViewField, Reply } from "../render/reply.js";
import { type Choice, type FormField, type FormSpec, type FormValues, type GroupField } from "./form.js";
import type { FormSession, FormSessions } from "./form-sessions.js";

/** Items a modal shows at most: Slack allows 100 blocks, and three inputs per invoice line. */
export const MAX_MODAL_ITEMS = 20;

/** A form left unanswered this long is closed: its next answer is told to start again. */
export const FORM_TTL_MINUTES = 10;

/** How a person moves through a form asked in a chat: typed (/back, /skip, /cancel, /done) or pressed. */
export type Nav = "back" | "skip" | "cancel" | "done";
export const NAVS: readonly Nav[] = ["back", "skip", "cancel", "done"];

export type FormInput = { kind: "text"; text: string } | { kind: "nav"; nav: Nav } | { kind: "pick"; index: number };

/** Where a form asked in a chat lives. */
export type FormChat = { platform: Platform; chatId: string };

/** A whole form's answers by field key ("customer", "line.1.quantity"), as a modal submits them. */
export type Submitted = Record<string, string>;

export type FormEngineDeps = {
  forms: readonly FormSpec[];
  registry: Registry;
  sessions: FormSessions;
};

/** The action name of every form button; its record id is "<session>-<step><b|s|c|d or the choice's index>". */
export const FORM_ACTION = "form";
const PRESS = /^([0-9a-f-]{36})-(\d)([bscd]|\d)$/;
const NAV_CODES: Record<string, Nav> = { b: "back", s: "skip", c: "cancel", d: "done" };

/** The first problem a zod error names: its field (by catalog key) and its message in the reader's language. */
function firstProblem(error: ZodError, ctx: CommandContext): { key: string; text: string } {
  const issue = error.issues[0];
  const params = (issue && "params" in issue ? (issue.params as Record<string, string>) : undefined) ?? {};
  const key = issue?.message ?? "";
  return { key, text: isMessageKey(key) ? ctx.t(key, params) : ctx.t("form.invalid") };
}

/**
 * The forms' one engine: asks a form's questions in a chat (storing each answer), checks a whole form a modal
 * submits, and runs the command once the answers make a valid argument line. Every check is the command's:
 * a field's own zod schema first (so the error sits on that field), then the command's grammar on the line.
 */
export function createFormEngine({ forms, registry, sessions }: FormEngineDeps) {
  const specs = new Map(forms.map((spec) => [spec.command, spec]));

  const commandOf = (spec: FormSpec) => {
    const found = registry.match(spec.command.split(" "));
    if (!found) throw new Error(`form for an unknown command: ${spec.command}`);
    return found.command;
  };

  /** A field's own check: null when the answer passes, else its problem in the reader's language. */
  function checkField(field: FormField, text: string, ctx: CommandContext): string | null {
    if (!field.check) return null;
    const parsed = field.check.safeParse(text);
    return parsed.success ? null : firstProblem(parsed.error, ctx).text;
  }

  /**
   * What the answers do: the command's grammar reads the line they make and its handler runs (a `run` form's
   * own `run` instead). `problem` instead of running when the grammar refuses the line.
   */
  function parseLine(spec: FormSpec, values: FormValues, context: string | null) {
    if (!spec.toArgs) return { run: (ctx: CommandContext) => spec.run!(values, ctx, context), problem: null };
    const command = commandOf(spec);
    const parsed = command.args.safeParse(spec.toArgs(values, context));
    return parsed.success ? { run: (ctx: CommandContext) => command.run(parsed.data, ctx), problem: null } : { run: null, problem: parsed.error };
  }

  /** Whether a field is asked, given the answers so far. */
  const applies = (field: FormField, values: FormValues) => !field.when || field.when(values);

  // ---- Asked in a chat, one question per message ----

  /** A button of the session's current question: the step is in it, so a press on an older question is told so. */
  const formButton = (ctx: CommandContext, session: FormSession, code: string, label: string, style?: Action["style"]) =>
    button(ctx, FORM_ACTION, `${session.id}-${session.step}${code}`, label, style);
  const navButton = (ctx: CommandContext, session: FormSession, nav: Nav) =>
    formButton(ctx, session, nav[0]!, ctx.t(`form.nav.${nav}`), nav === "cancel" ? "danger" : undefined);

  /** The question for the session's current field, with `problem` above it when the last answer was refused. */
  async function question(spec: FormSpec, session: FormSession, ctx: CommandContext, problem?: string): Promise<Reply> {
    const field = spec.fields[session.step]!;
    const { t } = ctx;
    const example = field.example ? t(field.example) : "";
    const head = t("form.progress", { title: t(spec.title), step: session.step + 1, count: spec.fields.length });
    const lines = problem ? [problem] : [];
    const label = t(field.label);
    if (field.kind === "choice") {
      const choices = await field.choices(ctx);
      session.offered = choices.map((choice) => choice.value);
      const actions = choices.map((choice, index) => formButton(ctx, session, String(index), choice.label));
      if (session.step > 0) actions.push(navButton(ctx, session, "back"));
      if (field.optional) actions.push(navButton(ctx, session, "skip"));
      actions.push(navButton(ctx, session, "cancel"));
      const none = choices.length === 0 ? [t("form.no_choices")] : [];
      return { title: head, lines: [...lines, t("form.ask.choice", { label }), ...none], actions, tone: "info", ask: { typed: false } };
    }
    session.offered = [];
    const items = field.kind === "group" ? ((session.values[field.key] as string[] | undefined) ?? []) : [];
    const ask =
      field.kind === "group"
        ? t("form.ask.item", { label, number: items.length + 1, example })
        : t(example ? "form.ask.text" : "form.ask.text_bare", { label, example });
    const navs: Nav[] = [...(session.step > 0 || items.length > 0 ? (["back"] as const) : []), ...(field.optional ? (["skip"] as const) : [])];
    if (field.kind === "group" && items.length > 0) navs.push("done");
    navs.push("cancel");
    const hint = t("form.typed_hint", { commands: navs.map((nav) => `/${nav}`).join(" · ") });
    return { title: head, lines: [...lines, ...items.map((item, index) => t("form.item_so_far", { number: index + 1, text: item })), ask, hint], tone: "info", ask: { typed: true, ...(example ? { placeholder: example } : {}) } };
  }

  async function ask(spec: FormSpec, session: FormSession, ctx: CommandContext, problem?: string): Promise<Reply> {
    const reply = await question(spec, session, ctx, problem);
    session.expiresAt = ctx.services.clock.now().plus({ minutes: FORM_TTL_MINUTES });
    await sessions.save(session);
    return reply;
  }

  const closed = (ctx: CommandContext, key: "form.cancelled" | "form.expired", spec: FormSpec): Reply => ({
    lines: [ctx.t(key, { command: `/${spec.command}` })],
    tone: key === "form.expired" ? "error" : "info",
  });

  /** Runs the command on the session's answers, or asks again the field its grammar refused. */
  async function finish(spec: FormSpec, session: FormSession, ctx: CommandContext): Promise<Reply> {
    const { run, problem: refused } = parseLine(spec, session.values, session.context);
    if (refused) {
      const problem = firstProblem(refused, ctx);
      const fieldKey = spec.fieldOf?.(problem.key);
      const step = Math.max(0, spec.fields.findIndex((field) => field.key === fieldKey));
      session.step = step;
      const field = spec.fields[step]!;
      // The refused answer is asked again from scratch (a group: its last item).
      if (field.kind === "group") session.values[field.key] = ((session.values[field.key] as string[] | undefined) ?? []).slice(0, -1);
      else delete session.values[field.key];
      return ask(spec, session, ctx, problem.text);
    }
    await sessions.close(session.workspaceId, session.id);
    return run!(ctx);
  }

  /** Moves on from the current field: the next question, or the command's reply after the last. */
  function advance(spec: FormSpec, session: FormSession, ctx: CommandContext): Promise<Reply> {
    session.step = nextStep(spec, session.values, session.step + 1);
    return session.step >= spec.fields.length ? finish(spec, session, ctx) : ask(spec, session, ctx);
  }

  /** The first field from `from` on that applies and has no answer yet (one given when the form opened). */
  function nextStep(spec: FormSpec, values: FormValues, from: number): number {
    let step = from;
    while (step < spec.fields.length && (!applies(spec.fields[step]!, values) || values[spec.fields[step]!.key] !== undefined)) step++;
    return step;
  }

  async function answer(session: FormSession, input: FormInput, ctx: CommandContext): Promise<Reply> {
    const spec = specs.get(session.form);
    if (!spec) {
      await sessions.close(session.workspaceId, session.id);
      return { lines: [ctx.t("form.invalid")], tone: "error" };
    }
    if (session.expiresAt <= ctx.services.clock.now()) {
      await sessions.close(session.workspaceId, session.id);
      return closed(ctx, "form.expired", spec);
    }
    const field = spec.fields[session.step]!;
    const items = field.kind === "group" ? ((session.values[field.key] as string[] | undefined) ?? []) : [];
    if (input.kind === "nav") {
      switch (input.nav) {
        case "cancel":
          await sessions.close(session.workspaceId, session.id);
          return closed(ctx, "form.cancelled", spec);
        case "back":
          if (field.kind === "group" && items.length > 0) session.values[field.key] = items.slice(0, -1);
          else if (session.step > 0) {
            do session.step -= 1;
            while (session.step > 0 && !applies(spec.fields[session.step]!, session.values));
            const previous = spec.fields[session.step]!;
            if (previous.kind === "group") session.values[previous.key] = ((session.values[previous.key] as string[] | undefined) ?? []).slice(0, -1);
            else delete session.values[previous.key];
          }
          return ask(spec, session, ctx);
        case "skip":
          if (!field.optional) return ask(spec, session, ctx, ctx.t("form.required", { label: ctx.t(field.label) }));
          if (field.kind !== "group") session.values[field.key] = "";
          return advance(spec, session, ctx);
        case "done":
          if (field.kind !== "group") return ask(spec, session, ctx);
          if (items.length === 0 && !field.optional) return ask(spec, session, ctx, ctx.t("form.required", { label: ctx.t(field.label) }));
          return advance(spec, session, ctx);
      }
    }
    if (input.kind === "pick") {
      const value = field.kind === "choice" ? session.offered[input.index] : undefined;
      if (value === undefined) return ask(spec, session, ctx, ctx.t("form.stale_choice"));
      session.values[field.key] = value;
      return advance(spec, session, ctx);
    }
    const text = input.text.trim();
    if (text === "") return ask(spec, session, ctx);
    if (field.kind === "choice") {
      // A typed answer to a choice: an option's label or its number, as the buttons show them.
      const choices = await field.choices(ctx);
      const chosen = choices.find((choice, index) => choice.label.toLowerCase() === text.toLowerCase() || String(index + 1) === text);
      if (!chosen) return ask(spec, session, ctx, ctx.t("form.not_a_choice", { text }));
      session.values[field.key] = chosen.value;
      return advance(spec, session, ctx);
    }
    const problem = checkField(field, text, ctx);
    if (problem) return ask(spec, session, ctx, problem);
    if (field.kind === "group") {
      session.values[field.key] = [...items, text];
      return ask(spec, session, ctx);
    }
    session.values[field.key] = text;
    return advance(spec, session, ctx);
  }

  // ---- Shown whole, in a modal ----

  /** The keys and parts of a group's items in a modal: "line.0.description", … */
  const itemKey = (group: GroupField, index: number, part: string) => `${group.key}.${index}.${part}`;

  async function view(spec: FormSpec, ctx: CommandContext, token: string, options: { items?: number; values?: Submitted } = {}): Promise<FormView> {
    const { t } = ctx;
    const fields: FormViewField[] = [];
    let group: FormView["group"];
    const initial = (key: string) => (options.values?.[key] ? { initial: options.values[key] } : {});
    const placeholder = (field: FormField) => (field.example ? { placeholder: t(field.example) } : {});
    for (const field of spec.fields) {
      if (field.kind === "group") {
        const count = Math.min(Math.max(options.items ?? field.initialItems, 1), MAX_MODAL_ITEMS);
        group = { label: t(field.label), items: count };
        for (let index = 0; index < count; index++) {
          field.parts.forEach((part, partIndex) => {
            const key = itemKey(field, index, part.key);
            fields.push({
              key,
              label: t(part.label),
              kind: part.kind,
              // Only the first item is required: empty items are left out.
              optional: index > 0 || Boolean(part.optional),
              ...placeholder(part),
              ...initial(key),
              ...(partIndex === 0 ? { groupStart: t("form.item_heading", { label: t(field.label), number: index + 1 }) } : {}),
            });
          });
        }
        continue;
      }
      const choices = field.kind === "choice" ? { choices: (await field.choices(ctx)).map((choice: Choice) => ({ ...choice })) } : {};
      // A field asked only for some answers (a lead, for a note) can't be required in a form shown whole.
      const optional = Boolean(field.optional) || Boolean(field.when);
      fields.push({ key: field.key, label: t(field.label), kind: field.kind, optional, ...placeholder(field), ...initial(field.key), ...choices });
    }
    return { title: t(spec.title), submit: t("form.submit"), fields, token, ...(group ? { group } : {}) };
  }

  /** A modal's answers as the form's values, with each refused field's problem. */
  function collect(spec: FormSpec, submitted: Submitted, ctx: CommandContext): { values: FormValues; errors: Record<string, string> } {
    const values: FormValues = {};
    const errors: Record<string, string> = {};
    const given = (key: string) => (submitted[key] ?? "").trim();
    for (const field of spec.fields) {
      if (!applies(field, values)) continue;
      if (field.kind !== "group") {
        const text = given(field.key);
        if (text === "") {
          if (!field.optional) errors[field.key] = ctx.t("form.required", { label: ctx.t(field.label) });
          values[field.key] = "";
          continue;
        }
        const problem = checkField(field, text, ctx);
        if (problem) errors[field.key] = problem;
        values[field.key] = text;
        continue;
      }
      const items: string[] = [];
      const indexes = new Set(Object.keys(submitted).flatMap((key) => (key.startsWith(`${field.key}.`) ? [Number(key.split(".")[1])] : [])));
      for (const index of [...indexes].filter(Number.isInteger).sort((a, b) => a - b)) {
        const parts = Object.fromEntries(field.parts.map((part) => [part.key, given(itemKey(field, index, part.key))]));
        if (Object.values(parts).every((text) => text === "")) continue;
        let refused = false;
        for (const part of field.parts) {
          const text = parts[part.key]!;
          const problem = text === "" && !part.optional ? ctx.t("form.required", { label: ctx.t(part.label) }) : text === "" ? null : checkField(part, text, ctx);
          if (problem) {
            errors[itemKey(field, index, part.key)] = problem;
            refused = true;
          }
        }
        if (refused) continue;
        const item = field.join(parts);
        const problem = field.check?.safeParse(item);
        if (problem && !problem.success) {
          const { key, text } = firstProblem(problem.error, ctx);
          errors[itemKey(field, index, field.partOf?.(key) ?? field.parts[0]!.key)] = text;
          continue;
        }
        items.push(item);
      }
      if (items.length === 0 && !field.optional && !Object.keys(errors).some((key) => key.startsWith(`${field.key}.`))) {
        errors[itemKey(field, 0, field.parts[0]!.key)] = ctx.t("form.required", { label: ctx.t(field.label) });
      }
      values[field.key] = items;
    }
    return { values, errors };
  }

  /**
   * Checks a submitted modal without writing anything: its problems by field key (for Slack's
   * response_action "errors"), or none. A submission with none is then run with `submit`.
   */
  function check(spec: FormSpec, submitted: Submitted, ctx: CommandContext, context: string | null): Record<string, string> {
    const { values, errors } = collect(spec, submitted, ctx);
    if (Object.keys(errors).length > 0) return errors;
    const { problem: refused } = parseLine(spec, values, context);
    if (!refused) return {};
    const problem = firstProblem(refused, ctx);
    const fieldKey = spec.fieldOf?.(problem.key) ?? spec.fields[0]!.key;
    const field = spec.fields.find((candidate) => candidate.key === fieldKey);
    // A group's problem sits on its first item's first part: the line itself was checked part by part above.
    const key = field?.kind === "group" ? itemKey(field, 0, field.parts[0]!.key) : fieldKey;
    return { [key]: problem.text };
  }

  /** Runs a submitted modal's command; a submission that no longer passes (the records changed) is a DomainError. */
  async function submit(spec: FormSpec, submitted: Submitted, ctx: CommandContext, context: string | null): Promise<Reply> {
    const { values, errors } = collect(spec, submitted, ctx);
    const first = Object.values(errors)[0];
    if (first) throw new DomainError("form.refused", { problem: first });
    const { run, problem } = parseLine(spec, values, context);
    if (problem) throw new DomainError("form.refused", { problem: firstProblem(problem, ctx).text });
    return run!(ctx);
  }

  /** A press of a form's button: only its starter's presses count, and only on the question being asked. */
  async function press(recordId: string, ctx: CommandContext): Promise<PressResult> {
    const match = PRESS.exec(recordId);
    const session = match ? await sessions.byId(ctx.actor.workspace.id, match[1]!) : null;
    if (!match || !session) return { kind: "alert", text: ctx.t("form.gone") };
    if (session.memberId !== ctx.actor.member.id) return { kind: "alert", text: ctx.t("form.not_yours") };
    const code = match[3]!;
    const nav = NAV_CODES[code];
    // Cancel works from any question; anything else only on the question being asked now.
    if (nav !== "cancel" && Number(match[2]) !== session.step) return { kind: "alert", text: ctx.t("form.stale_choice") };
    const input: FormInput = nav ? { kind: "nav", nav } : { kind: "pick", index: Number(code) };
    return { kind: "reply", reply: await answer(session, input, ctx) };
  }

  return {
    spec: (command: string) => specs.get(command),
    press,
    /** Opens a form in a chat and asks its first question. */
    async start(spec: FormSpec, ctx: CommandContext, chat: FormChat, context: string | null = null, initial: FormValues = {}): Promise<Reply> {
      const session = await sessions.open({
        workspaceId: ctx.actor.workspace.id,
        memberId: ctx.actor.member.id,
        form: spec.command,
        context,
        platform: chat.platform,
        chatId: chat.chatId,
        values: initial,
        step: nextStep(spec, initial, 0),
        offered: [],
        expiresAt: ctx.services.clock.now().plus({ minutes: FORM_TTL_MINUTES }),
      });
      return session.step >= spec.fields.length ? finish(spec, session, ctx) : ask(spec, session, ctx);
    },
    /** Adds `text` to an open form's answer for `key` (another forwarded message) and asks the current question again. */
    async extend(session: FormSession, key: string, text: string, ctx: CommandContext): Promise<Reply> {
      const spec = specs.get(session.form)!;
      session.values[key] = [String(session.values[key] ?? ""), text].filter(Boolean).join("\n\n");
      return ask(spec, session, ctx);
    },
    /** The caller's form in this chat, if one is open. */
    current: (ctx: CommandContext, chat: FormChat) => sessions.current(ctx.actor.workspace.id, ctx.actor.member.id, chat.platform, chat.chatId),
    byId: (ctx: CommandContext, id: string) => sessions.byId(ctx.actor.workspace.id, id),
    answer,
    view,
    check,
    submit,
  };
}

export type FormEngine = ReturnType<typeof createFormEngine>;
