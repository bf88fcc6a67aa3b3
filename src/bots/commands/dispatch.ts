import { randomBytes } from "node:crypto";
import type { ZodError } from "zod";
import type { AnswerRows, Inbox } from "../inbox/inbox.js";
import { localeOf, zoneOf, type Actor } from "../../domain/members/member.js";
import type { CallerKey, MemberRepo, WorkspaceDefaults } from "../../domain/members/member.repo.js";
import { REFUSAL_PREFIX } from "../../domain/members/permissions.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { Logger } from "../../log.js";
import { displayFor, formatter } from "../render/format.js";
import { forReader, textForReader } from "../render/bidi.js";
import { isMessageKey, translator, type Translate } from "../render/i18n.js";
import { reply, type Reply } from "../render/reply.js";
import { readPayload, type ButtonAction, type PressResult } from "./actions.js";
import type { Command, CommandContext, Registry } from "./registry.js";
import type { Services } from "./services.js";
import { splitCommand } from "./tokenize.js";
import { FORM_ACTION, NAVS, type FormEngine, type FormInput, type Nav, type Submitted } from "../forms/form.engine.js";
import { openTicket, sealTicket } from "../forms/form-token.js";
import { CAPTURE_FORM } from "../forms/capture.form.js";
import { workLimit } from "./work-limit.js";

export type DispatchDeps = {
  registry: Registry;
  actions: readonly ButtonAction[];
  members: MemberRepo;
  /** Where a delivery's work is recorded as done, with its reply, in the work's own transaction. */
  inbox: Pick<Inbox, "complete">;
  services: Services;
  defaults: WorkspaceDefaults;
  log: Logger;
  /** Commands and presses running at once; more wait their turn (default 8: under node-postgres' pool of 10). */
  maxConcurrent?: number;
  /** The forms a command opens when it is sent without arguments; without it, such a command shows its usage. */
  forms?: FormEngine | undefined;
};

/**
 * Which inbound delivery this is (its inbox key), so its work completes the inbox entry and a repeat is
 * answered with the first reply, not redone; and, optionally, the outbox rows that carry the answer.
 */
export type Delivery<T> = { deliveryKey?: string | undefined; answer?: AnswerRows<T> | undefined };

/**
 * The one entry point every door calls with a command line (or a button payload) and who sent it. Errors are
 * converted here, once: a bad argument becomes its first problem plus the command's usage and example, a
 * DomainError its catalog message, anything else a reference number (logged with the stack, never shown).
 */
export function createDispatcher({ registry, actions, members, inbox, services, defaults, log, maxConcurrent = 8, forms }: DispatchDeps) {
  const limited = workLimit(maxConcurrent);
  const tops = new Set(registry.tops());
  const actionsByName = new Map(actions.map((action) => [action.name, action]));

  /** "/skip", "/cancel@acme_bot" (the door removed the bot name): a move in the caller's open form. */
  function navOf(line: string): Nav | null {
    const { words } = splitCommand(line);
    const word = words.length === 1 ? words[0] : undefined;
    return word && (NAVS as readonly string[]).includes(word) ? (word as Nav) : null;
  }

  function resolvePath(line: string) {
    const { words, rest } = splitCommand(line);
    // "/crm lead add …" is "/lead add …"; "/help", "/start" and a bare "/crm" are "/crm help", "/help lead"
    // is "/crm help lead", and a bare "/lead" (a topic with no command of its own) shows that topic's help.
    const skip = words[0] === "crm" && words[1] !== undefined && words[1] !== "crm" && tops.has(words[1]) ? 1 : 0;
    const path = words.slice(skip);
    const help = registry.match(["crm", "help"])!.command;
    if (path.length === 0 || path[0] === "start" || (path[0] === "crm" && path.length === 1)) return { command: help, argText: "" };
    if (path[0] === "help") return { command: help, argText: rest(skip + 1) };
    const found = registry.match(path);
    if (found) return { command: found.command, argText: rest(skip + found.length) };
    if (path.length === 1 && tops.has(path[0]!)) return { command: help, argText: path[0]! };
    return { unknown: path.slice(0, 2).join(" ") };
  }

  function internalError(error: unknown, t: Translate): Reply {
    const ref = randomBytes(3).toString("hex");
    log.error({ err: error, ref }, "command failed");
    return reply.error(t("error.internal", { ref }));
  }

  function argError(error: ZodError, command: Command, t: Translate): Reply {
    const issue = error.issues[0];
    const params = (issue && "params" in issue ? (issue.params as Record<string, string>) : undefined) ?? {};
    const problem = issue && isMessageKey(issue.message) ? t(issue.message, params) : null;
    return {
      lines: [
        ...(problem ? [t("error.bad_args", { problem })] : []),
        t("error.usage", { usage: command.usage }),
        t("error.example", { example: command.example }),
      ],
      tone: "error",
      private: true,
    };
  }

  function contextFor(actor: Actor, caller?: CallerKey): CommandContext {
    const locale = localeOf(actor.member, actor.workspace);
    const t = translator(locale);
    const ctx: CommandContext = {
      actor,
      services,
      t,
      fmt: formatter(locale, zoneOf(actor.member, actor.workspace), displayFor(actor.workspace, t, actor.member)),
      caller,
      origin: caller ? (caller.origin ?? { platform: caller.platform, chatId: caller.externalChatId }) : undefined,
    };
    if (forms && caller) ctx.forms = { open: (command, context = null) => openForm(command, ctx, caller, context, {}) };
    return ctx;
  }

  /**
   * A form for the caller: on Slack the whole form, for the door to open as a modal (its lines are what to
   * say if it can't); elsewhere its first question, asked in this chat.
   */
  async function openForm(command: string, ctx: CommandContext, caller: CallerKey, context: string | null, initial: Record<string, string>): Promise<Reply> {
    const spec = forms!.spec(command);
    if (!spec) throw new Error(`no form for ${command}`);
    if (caller.platform === "slack") {
      const token = sealTicket(ctx.actor.workspace.actionKey, { form: command, context, chatId: caller.origin?.chatId ?? null });
      const usage = registry.match(command.split(" "))?.command.usage ?? `/${command}`;
      return { form: await forms!.view(spec, ctx, token, { values: initial }), lines: [ctx.t("form.opened_elsewhere", { usage })], tone: "info", private: true };
    }
    return forms!.start(spec, ctx, chatOf(caller), context, initial);
  }

  const chatOf = (caller: CallerKey) => ({ platform: caller.platform, chatId: caller.externalChatId });

  /** A typed answer or /back, /skip, /cancel, /done, to the caller's form in this chat; null when none is open. */
  async function answerForm(ctx: CommandContext, caller: CallerKey, input: FormInput): Promise<Reply | null> {
    const session = forms ? await forms.current(ctx, chatOf(caller)) : null;
    return session ? forms!.answer(session, input, ctx) : null;
  }

  /**
   * Runs `work` once per delivery key, its writes and the inbox entry's completion in one transaction. Every
   * outcome completes the entry, a refusal too, so nothing acknowledged is left undone or done twice. The
   * value is shaped for its reader (`shape`: their writing direction) before it is stored or sent.
   */
  async function once<T>(actor: Actor, delivery: Delivery<T>, shape: (value: T) => T, work: () => Promise<T>, reads = false): Promise<T> {
    if (!delivery.deliveryKey) return shape(await work());
    const shaped = async () => shape(await work());
    const { value, duplicate } = await inbox.complete(delivery.deliveryKey, actor.workspace.id, services.clock.now(), shaped, delivery.answer, { reads });
    if (duplicate) log.info({ key: delivery.deliveryKey }, "repeated delivery answered without redoing it");
    return value;
  }

  /** What the presser reads, in their writing direction: an alert's text, or the edited message and its notice. */
  const pressForReader = (locale: string) => (result: PressResult): PressResult =>
    result.kind === "alert"
      ? { ...result, text: textForReader(result.text, locale) }
      : result.kind === "reply"
        ? { ...result, reply: forReader(result.reply, locale) }
        : { ...result, reply: forReader(result.reply, locale), ...(result.notice ? { notice: textForReader(result.notice, locale) } : {}) };

  /** What a piece of guarded work is given: the caller's context and how to finish the delivery. */
  type Guarded<T> = {
    ctx: CommandContext;
    /** Runs the work once per delivery, its writes and the delivery's completion in one transaction. */
    run: (work: () => Promise<T>, reads?: boolean) => Promise<T>;
    /** Completes the delivery with a reply that changed nothing (a refusal, an error). */
    settle: (value: T) => Promise<T>;
    /** The example a domain error is followed by (the command's). */
    exampleIs: (example: string) => void;
  };

  /**
   * Resolves the caller and runs `body`, converting its errors once: a DomainError becomes its catalog
   * message (a refusal one line naming who may; others with the command's example), anything else a reference
   * number. Every outcome completes the delivery.
   */
  async function guarded<T extends Reply | null>(caller: CallerKey, delivery: Delivery<T>, body: (guard: Guarded<T>) => Promise<T>): Promise<T> {
    let t = translator(defaults.locale);
    let actor: Actor | null = null;
    let example: string | null = null;
    const shapeFor = (locale: string) => (value: T) => (value === null ? value : (forReader(value, locale) as T));
    let shape = shapeFor(defaults.locale);
    const settle = (value: T) => once(actor!, delivery, shape, async () => value, true);
    try {
      actor = await members.resolveCaller(caller, defaults);
      const ctx = contextFor(actor, caller);
      ({ t } = ctx);
      shape = shapeFor(ctx.fmt.locale);
      const resolved = actor;
      return await body({ ctx, run: (work, reads) => once(resolved, delivery, shape, work, reads), settle, exampleIs: (given) => (example = given) });
    } catch (error) {
      const refused = error instanceof DomainError && error.code.startsWith(REFUSAL_PREFIX);
      const answer =
        error instanceof DomainError
          ? reply.error(t(isMessageKey(error.code) ? error.code : "error.internal", error.params), ...(example && !refused ? [t("error.example", { example })] : []))
          : internalError(error, t);
      // Without a caller there is nothing to record the delivery under: it stays in the inbox for another try.
      if (!actor) {
        if (delivery.deliveryKey) throw error;
        return shape(answer as T);
      }
      return settle(answer as T);
    }
  }

  function handle(line: string, caller: CallerKey, delivery: Delivery<Reply>): Promise<Reply> {
    return guarded(caller, delivery, async ({ ctx, run, settle, exampleIs }) => {
      const { t } = ctx;
      const nav = navOf(line);
      if (nav && forms) return run(async () => (await answerForm(ctx, caller, { kind: "nav", nav })) ?? reply.error(t("form.none")));
      const target = resolvePath(line);
      if ("unknown" in target) return settle(reply.error(t("help.unknown", { command: `/${target.unknown}` }), t("help.see")));
      const { command, argText } = target;
      exampleIs(command.example);
      const spec = argText === "" ? forms?.spec(command.name) : undefined;
      if (spec && spec.opensBare !== false) return run(() => openForm(command.name, ctx, caller, null, {}));
      const parsed = command.args.safeParse(argText);
      if (!parsed.success) return settle(argError(parsed.error, command, t));
      return run(() => command.run(parsed.data, ctx), command.reads);
    });
  }

  /** A message that is not a command (a reply to a form's question): the caller's answer, or null without a form. */
  function answer(text: string, caller: CallerKey, delivery: Delivery<Reply | null>): Promise<Reply | null> {
    return guarded<Reply | null>(caller, delivery, ({ ctx, run }) => run(() => answerForm(ctx, caller, { kind: "text", text })));
  }

  /**
   * A client's message to turn into a lead, a note or a task (Slack's message shortcut, a message forwarded
   * to the Telegram bot). `text` is the message as the door attributes it; `name`, who wrote it, if known.
   * Another message while the caller's capture is open in this chat joins it (several forwards in a row).
   */
  function capture(text: string, caller: CallerKey, delivery: Delivery<Reply>, name?: string): Promise<Reply> {
    return guarded(caller, delivery, ({ ctx, run }) =>
      run(async () => {
        const open = caller.platform === "slack" ? null : await forms!.current(ctx, chatOf(caller));
        if (open?.form === CAPTURE_FORM && open.expiresAt > services.clock.now()) return forms!.extend(open, "text", text, ctx);
        return openForm(CAPTURE_FORM, ctx, caller, null, { text, ...(name ? { name } : {}) });
      }),
    );
  }

  /** The form a modal's ticket names, in the caller's workspace: null when the ticket was not signed there. */
  async function ticketed(ctx: CommandContext, token: string) {
    const ticket = openTicket(ctx.actor.workspace.actionKey, token);
    const spec = ticket && forms?.spec(ticket.form);
    return ticket && spec ? { ticket, spec } : null;
  }

  /** A modal's form again, with `items` repeated items and the answers so far (Slack's "add a line"). Writes nothing. */
  async function formView(token: string, caller: CallerKey, options: { items: number; values: Submitted }) {
    const actor = await members.resolveCaller(caller, defaults);
    const ctx = contextFor(actor, caller);
    const found = await ticketed(ctx, token);
    return found ? forms!.view(found.spec, ctx, token, options) : null;
  }

  /**
   * A submitted modal checked without writing anything, in the 3 seconds Slack gives: each refused field's
   * problem in the caller's language (empty when it can be saved), or null when the ticket is not valid.
   */
  async function checkForm(token: string, values: Submitted, caller: CallerKey): Promise<Record<string, string> | null> {
    const actor = await members.resolveCaller(caller, defaults);
    const ctx = contextFor(actor, caller);
    const found = await ticketed(ctx, token);
    if (!found) return null;
    const errors = forms!.check(found.spec, values, ctx, found.ticket.context);
    const locale = ctx.fmt.locale;
    return Object.fromEntries(Object.entries(errors).map(([key, text]) => [key, textForReader(text, locale)]));
  }

  /** A submitted modal's command, run once per delivery like a typed one. */
  function submitForm(token: string, values: Submitted, caller: CallerKey, delivery: Delivery<Reply>): Promise<Reply> {
    return guarded(caller, delivery, async ({ ctx, run, settle, exampleIs }) => {
      const found = await ticketed(ctx, token);
      if (!found) return settle(reply.error(ctx.t("form.gone")));
      exampleIs(registry.match(found.spec.command.split(" "))?.command.example ?? "");
      return run(() => forms!.submit(found.spec, values, ctx, found.ticket.context));
    });
  }

  /**
   * The workspace whose key signed a button, and the caller as its member. In a group, only the chat's own
   * workspace: a button replayed from another workspace is refused. In a chat the bot has with this person
   * alone, any workspace they are a member of, since reminders from all of them arrive there.
   */
  async function signedFor(here: Actor, payload: string, caller: CallerKey) {
    const target = readPayload(here.workspace.actionKey, payload);
    if (target) return { actor: here, target };
    if (!caller.directMessage) return null;
    for (const actor of await members.memberships(caller)) {
      const theirs = readPayload(actor.workspace.actionKey, payload);
      if (theirs) return { actor, target: theirs };
    }
    return null;
  }

  async function press(payload: string, caller: CallerKey, delivery: Delivery<PressResult>): Promise<PressResult> {
    let t = translator(defaults.locale);
    let actor: Actor | null = null;
    let shape = pressForReader(defaults.locale);
    const settle = (value: PressResult) => once(actor!, delivery, shape, async () => value, true);
    try {
      actor = await members.resolveCaller(caller, defaults);
      const here = contextFor(actor, caller);
      ({ t } = here);
      shape = pressForReader(here.fmt.locale);
      const found = await signedFor(actor, payload, caller);
      const action = found && (found.target.name === FORM_ACTION && forms ? { run: forms.press } : actionsByName.get(found.target.name));
      if (!found || !action) return await settle({ kind: "alert", text: t("action.invalid") });
      // The presser as the member of the workspace that signed the button, in their language there.
      actor = found.actor;
      const ctx = contextFor(actor, caller);
      ({ t } = ctx);
      shape = pressForReader(ctx.fmt.locale);
      return await once(actor, delivery, shape, () => action.run(found.target.recordId, ctx));
    } catch (error) {
      let answer: PressResult;
      if (error instanceof DomainError) {
        answer = { kind: "alert", text: t(isMessageKey(error.code) ? error.code : "error.internal", error.params) };
      } else {
        const ref = randomBytes(3).toString("hex");
        log.error({ err: error, ref }, "button press failed");
        answer = { kind: "alert", text: t("error.internal", { ref }) };
      }
      if (!actor) {
        if (delivery.deliveryKey) throw error;
        return shape(answer);
      }
      return settle(answer);
    }
  }

  return {
    /** The actor behind a caller, creating workspace and member on first contact (doors use it to render). */
    resolve: (caller: CallerKey) => limited(() => members.resolveCaller(caller, defaults)),
    /** A command context for someone the product writes to by itself (a reminder's recipient). */
    contextFor,

    handle: (line: string, caller: CallerKey, delivery: Delivery<Reply> = {}): Promise<Reply> => limited(() => handle(line, caller, delivery)),
    answer: (text: string, caller: CallerKey, delivery: Delivery<Reply | null> = {}): Promise<Reply | null> => limited(() => answer(text, caller, delivery)),
    capture: (text: string, caller: CallerKey, delivery: Delivery<Reply> = {}, name?: string): Promise<Reply> =>
      limited(() => capture(text, caller, delivery, name)),
    formView: (token: string, caller: CallerKey, options: { items: number; values: Submitted }) => limited(() => formView(token, caller, options)),
    checkForm: (token: string, values: Submitted, caller: CallerKey) => limited(() => checkForm(token, values, caller)),
    submitForm: (token: string, values: Submitted, caller: CallerKey, delivery: Delivery<Reply> = {}): Promise<Reply> =>
      limited(() => submitForm(token, values, caller, delivery)),
    press: (payload: string, caller: CallerKey, delivery: Delivery<PressResult> = {}): Promise<PressResult> =>
      limited(() => press(payload, caller, delivery)),
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
