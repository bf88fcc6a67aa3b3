import { interactionEnvelope, type SlackTeam, type SlackUser } from "./slack-payloads.js";
import type { StoredView } from "./slack-views.js";

/**
 * What Slack sends about a modal the person fills in (platform-facts A6): the view's state as it stands
 * (state.values[block_id][action_id]), a view_submission, a message shortcut; and what Slack does with the
 * app's answer to a submission: an empty ack closes the modal, response_action "errors" shows each message
 * under its input block (naming a block the view doesn't have is refused), anything else is an error.
 */

type InputBlock = {
  type: "input";
  block_id?: string;
  element: {
    type: string;
    action_id: string;
    initial_value?: string;
    options?: Array<{ text: { text: string }; value: string }>;
    initial_option?: { text: { text: string }; value: string };
  };
};

const inputsOf = (view: StoredView) => (view.blocks as Array<{ type?: string }>).filter((block): block is InputBlock => block.type === "input");

/**
 * The view's state with the person's answers typed in (by block_id; a select's answer is an option's label or
 * value). Fields not answered keep what the view showed (initial values), as Slack's client does.
 */
export function viewState(view: StoredView, answers: Record<string, string> = {}): Record<string, Record<string, unknown>> {
  const inputs = inputsOf(view);
  for (const key of Object.keys(answers)) {
    if (!inputs.some((block) => block.block_id === key)) throw new Error(`the modal has no input "${key}"`);
  }
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of inputs) {
    const { element } = block;
    const given = answers[block.block_id!];
    if (element.type === "static_select") {
      const chosen = given === undefined ? element.initial_option : element.options?.find((option) => option.value === given || option.text.text === given);
      if (given !== undefined && !chosen) throw new Error(`"${given}" is not an option of "${block.block_id}"`);
      values[block.block_id!] = { [element.action_id]: { type: "static_select", selected_option: chosen ?? null } };
    } else {
      const value = given ?? element.initial_value ?? null;
      values[block.block_id!] = { [element.action_id]: { type: element.type, value: value === "" ? null : value } };
    }
  }
  return values;
}

/** The view as Slack sends it inside an interaction payload. */
export function viewAsSent({ user: _user, ...view }: StoredView, values: Record<string, Record<string, unknown>>) {
  return { ...view, app_id: "A0THREADLINE", app_installed_team_id: view.team_id, bot_id: "B0BOT", state: { values }, clear_on_close: false, notify_on_close: false };
}

/** A view_submission payload (A6; @slack/bolt ViewSubmitAction): no channel, no response_url. */
export function viewSubmissionPayload(view: StoredView, answers: Record<string, string>, user: SlackUser, team: SlackTeam, triggerId: string) {
  return {
    ...interactionEnvelope("view_submission", team, user, triggerId),
    view: viewAsSent(view, viewState(view, answers)),
    response_urls: [],
  };
}

export type ShortcutMessage = { ts: string; text: string; user?: string; username?: string; thread_ts?: string };

/** A message_action payload: the shortcut chosen on a message (A6; @slack/bolt MessageShortcut). */
export function messageShortcutPayload(opts: {
  callbackId: string;
  team: SlackTeam;
  user: SlackUser;
  channel: { id: string; name: string };
  message: ShortcutMessage;
  responseUrl: string;
  triggerId: string;
}) {
  const { team, user, channel, message } = opts;
  return {
    type: "message_action",
    token: "verification-token-unused",
    action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
    team: { id: team.id, domain: team.domain },
    user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
    channel,
    is_enterprise_install: false,
    enterprise: null,
    callback_id: opts.callbackId,
    trigger_id: opts.triggerId,
    response_url: opts.responseUrl,
    message_ts: message.ts,
    message: { type: "message", ...message, team: team.id },
  };
}

export type SubmissionOutcome = {
  status: number;
  elapsedMs: number;
  /** The ack closed the modal (an empty 200 in time). */
  closed: boolean;
  /** response_action "errors": each message by block_id. */
  errors: Record<string, string> | null;
  /** What Slack would refuse in the answer (shown to the person as a connection error; the modal stays). */
  problems: string[];
};

const ACK_LIMIT_MS = 3000;

/** What Slack makes of the app's answer to a view_submission. */
export function submissionOutcome(view: StoredView, status: number, body: string, elapsedMs: number): SubmissionOutcome {
  const problems: string[] = [];
  if (elapsedMs > ACK_LIMIT_MS) problems.push(`acknowledged after ${elapsedMs} ms (Slack waits 3000)`);
  if (status !== 200) problems.push(`HTTP ${status}`);
  if (problems.length || body.trim() === "") return { status, elapsedMs, closed: problems.length === 0, errors: null, problems };
  let answer: { response_action?: string; errors?: Record<string, unknown> };
  try {
    answer = JSON.parse(body);
  } catch {
    return { status, elapsedMs, closed: false, errors: null, problems: [`ack body is not JSON: ${body.slice(0, 80)}`] };
  }
  if (answer.response_action !== "errors" || !answer.errors || typeof answer.errors !== "object") {
    return { status, elapsedMs, closed: false, errors: null, problems: [`unexpected response_action ${JSON.stringify(answer.response_action)}`] };
  }
  const blockIds = new Set(inputsOf(view).map((block) => block.block_id));
  const errors: Record<string, string> = {};
  for (const [key, text] of Object.entries(answer.errors)) {
    if (!blockIds.has(key)) problems.push(`errors names "${key}", which is not an input block of the view`);
    if (typeof text !== "string" || text.length === 0) problems.push(`errors["${key}"] is not a message`);
    errors[key] = String(text);
  }
  if (Object.keys(errors).length === 0) problems.push("response_action errors with no errors");
  return { status, elapsedMs, closed: false, errors, problems };
}
