import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { blockKitProblems } from "./slack-limits.js";
import { interactionEnvelope, newTriggerId, type SlackTeam, type SlackUser } from "./slack-payloads.js";

/**
 * Slack's views, for the emulator (platform-facts A7, A8; Web API spec: views.open, views.push, views.update,
 * views.publish): the App Home each person has, modal stacks opened from a trigger_id, and the checks Slack
 * makes on the way: required arguments, the view's JSON shape, 100 blocks and the Block Kit limits, a
 * trigger_id used within 3 seconds and only once, unknown view ids, hash conflicts and the 3-view stack.
 * The payloads Slack sends about views (app_home_opened, a button pressed on a view) are built here too.
 */

/** A view as Slack stores and returns it. */
export type StoredView = {
  id: string;
  team_id: string;
  type: "home" | "modal";
  blocks: any[];
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  external_id?: string;
  callback_id?: string;
  private_metadata?: string;
  title?: { type: string; text: string };
  submit?: { type: string; text: string };
  close?: { type: string; text: string };
  /** Who it is shown to. */
  user: string;
};

/** The views.* arguments as Slack's Web API spec lists them (test/emulators/spec/slack-web-api.views.json). */
const SPEC = JSON.parse(readFileSync(new URL("./spec/slack-web-api.views.json", import.meta.url), "utf8")) as {
  methods: Record<string, Array<{ name: string; required: boolean }>>;
};

/** The arguments the spec requires that a call left out, as Slack words it. */
export function missingArguments(method: string, args: Record<string, unknown>): string[] {
  return (SPEC.methods[method] ?? []).filter((field) => field.required && (args[field.name] === undefined || args[field.name] === "")).map((field) => `[ERROR] missing required field: ${field.name}`);
}

const TRIGGER_SHAPE = /^\d+\.\d+\.[0-9a-f]+$/;
const TRIGGER_LIFETIME_MS = 3000;
const MAX_BLOCKS = 100;
const MAX_STACK = 3;
const MAX_VIEW_BYTES = 250 * 1024;
const MODAL_TITLE = 24;
const MODAL_BUTTON = 24;

type Result = Record<string, unknown>;
const ok = (extra: Result = {}): Result => ({ ok: true, ...extra });
const fail = (error: string, messages?: string[]): Result => ({ ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) });

export function createViews(options: { team: SlackTeam; now: () => number; homeTabEnabled?: boolean }) {
  const { team, now } = options;
  const homeTabEnabled = options.homeTabEnabled ?? true;
  /** trigger_id → when it was handed out and to whom; a used one is remembered as used. */
  const triggers = new Map<string, { at: number; user: string; used: boolean }>();
  const views = new Map<string, StoredView>();
  /** Each person's Home view id. */
  const homes = new Map<string, string>();
  /** Each person's open modal stack, root first. */
  const stacks = new Map<string, string[]>();

  const newViewId = () => `V${randomBytes(5).toString("hex").toUpperCase()}`;
  const newHash = () => `${Math.floor(now() / 1000)}.${randomBytes(4).toString("hex")}`;

  /** What is wrong with a view argument (already parsed from JSON when it came as a string), or null. */
  function viewProblems(view: unknown, expected: "home" | "modal"): string[] {
    if (!view || typeof view !== "object" || Array.isArray(view)) return ["view must be a JSON object"];
    const v = view as Record<string, any>;
    const problems: string[] = [];
    if (v.type !== expected) problems.push(`view.type must be "${expected}" here, not ${JSON.stringify(v.type)}`);
    if (!Array.isArray(v.blocks)) problems.push("view.blocks must be an array");
    else problems.push(...blockKitProblems(v.blocks, { maxBlocks: MAX_BLOCKS }));
    if (expected === "modal") {
      const title = v.title?.text;
      if (v.title?.type !== "plain_text" || typeof title !== "string" || title.length < 1 || title.length > MODAL_TITLE) {
        problems.push(`view.title must be plain_text of 1-${MODAL_TITLE} characters`);
      }
      for (const key of ["submit", "close"]) {
        const label = v[key];
        if (label !== undefined && (label?.type !== "plain_text" || !label.text || label.text.length > MODAL_BUTTON)) {
          problems.push(`view.${key} must be plain_text of 1-${MODAL_BUTTON} characters`);
        }
      }
      if (v.blocks?.some((block: { type?: string }) => block.type === "input") && v.submit === undefined) {
        problems.push("a modal with input blocks needs a submit button");
      }
    }
    if (typeof v.private_metadata === "string" && v.private_metadata.length > 3000) problems.push("view.private_metadata over 3000");
    if (typeof v.callback_id === "string" && v.callback_id.length > 255) problems.push("view.callback_id over 255");
    if (typeof v.external_id === "string" && v.external_id.length > 255) problems.push("view.external_id over 255");
    return problems;
  }

  function store(user: string, view: Record<string, any>, id: string, root: string, previous: string | null): StoredView {
    const stored: StoredView = {
      ...view,
      id,
      team_id: team.id,
      type: view.type,
      blocks: view.blocks,
      hash: newHash(),
      root_view_id: root,
      previous_view_id: previous,
      user,
    };
    views.set(id, stored);
    return stored;
  }

  /** The trigger_id checks views.open and views.push share: shape, issued here, unused, under 3 seconds. */
  function takeTrigger(triggerId: unknown): { user: string } | { error: string } {
    if (typeof triggerId !== "string" || !TRIGGER_SHAPE.test(triggerId)) return { error: "invalid_trigger_id" };
    const trigger = triggers.get(triggerId);
    if (!trigger) return { error: "invalid_trigger_id" };
    if (trigger.used) return { error: "exchanged_trigger_id" };
    if (now() - trigger.at > TRIGGER_LIFETIME_MS) return { error: "expired_trigger_id" };
    trigger.used = true;
    return { user: trigger.user };
  }

  const tooLarge = (view: unknown) => Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES;
  const reply = ({ user: _user, ...view }: StoredView) => ok({ view: { ...view, app_id: "A0THREADLINE", bot_id: "B0BOT" } });

  /** One views.* call; null for any other method. `args.view` is already parsed from JSON. */
  function call(method: string, args: Record<string, any>): Result | null {
    if (!SPEC.methods[method]) return null;
    const missing = missingArguments(method, args);
    if (missing.length) return fail("invalid_arguments", missing);
    switch (method) {
      case "views.publish": {
        if (!homeTabEnabled) return fail("not_enabled");
        const problems = viewProblems(args.view, "home");
        if (problems.length) return fail("invalid_arguments", problems);
        if (tooLarge(args.view)) return fail("view_too_large");
        const existing = homes.get(args.user_id);
        if (args.hash && existing && views.get(existing)?.hash !== args.hash) return fail("hash_conflict");
        const id = existing ?? newViewId();
        homes.set(args.user_id, id);
        return reply(store(args.user_id, args.view, id, id, null));
      }
      case "views.open":
      case "views.push": {
        const problems = viewProblems(args.view, "modal");
        if (problems.length) return fail("invalid_arguments", problems);
        if (tooLarge(args.view)) return fail("view_too_large");
        const taken = takeTrigger(args.trigger_id);
        if ("error" in taken) return fail(taken.error);
        const id = newViewId();
        if (method === "views.open") {
          stacks.set(taken.user, [id]);
          return reply(store(taken.user, args.view, id, id, null));
        }
        const stack = stacks.get(taken.user);
        if (!stack?.length) return fail("not_found");
        if (stack.length >= MAX_STACK) return fail("push_limit_reached");
        const stored = store(taken.user, args.view, id, stack[0]!, stack.at(-1)!);
        stack.push(id);
        return reply(stored);
      }
      case "views.update": {
        if (!args.view_id && !args.external_id) return fail("invalid_arguments", ["[ERROR] view_id or external_id is required"]);
        if (args.view === undefined) return fail("invalid_arguments", ["[ERROR] missing required field: view"]);
        const current = args.view_id
          ? views.get(args.view_id)
          : [...views.values()].find((view) => view.external_id === args.external_id);
        if (!current) return fail("not_found");
        const problems = viewProblems(args.view, current.type);
        if (problems.length) return fail("invalid_arguments", problems);
        if (tooLarge(args.view)) return fail("view_too_large");
        if (args.hash && args.hash !== current.hash) return fail("hash_conflict");
        return reply(store(current.user, args.view, current.id, current.root_view_id, current.previous_view_id));
      }
      default:
        return null;
    }
  }

  return {
    call,
    /** A trigger_id handed out with an interaction by `user` (a command, a button press), valid for 3 s. */
    issueTrigger(user: string, triggerId = newTriggerId()): string {
      triggers.set(triggerId, { at: now(), user, used: false });
      return triggerId;
    },
    /** The Home view last published for a person, or undefined. */
    homeOf(user: string): StoredView | undefined {
      const id = homes.get(user);
      return id ? views.get(id) : undefined;
    },
    /** A person's open modal stack, root first. */
    modalsOf(user: string): StoredView[] {
      return (stacks.get(user) ?? []).map((id) => views.get(id)!);
    },
    view: (id: string) => views.get(id),
  };
}

export type Views = ReturnType<typeof createViews>;

/** An Events API app_home_opened event (platform-facts A7; @slack/types AppHomeOpenedEvent). */
export function appHomeOpenedEvent(user: string, home: StoredView | undefined, tab: "home" | "messages" = "home"): Record<string, unknown> {
  return {
    type: "app_home_opened",
    user,
    channel: `D${user.slice(1)}`,
    tab,
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    ...(home && tab === "home" ? { view: viewPayload(home) } : {}),
  };
}

function viewPayload({ user: _user, ...view }: StoredView) {
  return { ...view, app_id: "A0THREADLINE", app_installed_team_id: view.team_id, bot_id: "B0BOT", state: { values: {} } };
}

export type ViewPress = { view: StoredView; value: string; actionId: string; user: SlackUser; team: SlackTeam; triggerId: string };

/**
 * A block_actions payload for a button pressed on a view (the Home tab, a modal): the container is the
 * view, the whole view comes along, and there is no response_url and no channel (platform-facts A6).
 */
export function viewButtonPayload({ view, value, actionId, user, team, triggerId }: ViewPress): Record<string, unknown> {
  const block = view.blocks.find((b: { elements?: Array<{ action_id?: string }> }) => b.elements?.some((e) => e.action_id === actionId));
  return {
    ...interactionEnvelope("block_actions", team, user, triggerId),
    container: { type: "view", view_id: view.id },
    view: viewPayload(view),
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: block?.block_id ?? randomUUID().slice(0, 5),
        action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
        value,
        text: { type: "plain_text", text: "button" },
      },
    ],
  };
}
