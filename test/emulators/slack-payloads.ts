import { createHmac, randomBytes } from "node:crypto";

/**
 * What Slack sends to an app, field for field (platform-facts A4, A6): slash command forms and block_actions
 * payloads, and the signature over the raw body (A1).
 */

export type SlackUser = { id: string; name: string };
export type SlackTeam = { id: string; domain: string };

let triggerCounter = 0;
/** A fresh trigger_id in Slack's shape, digits.digits.hex; unique per invocation. */
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}${triggerCounter}.${1000 + triggerCounter}.${randomBytes(16).toString("hex")}`;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export type CommandFields = {
  command: string;
  text?: string;
  user?: SlackUser;
  channel?: { id: string; name: string };
  triggerId?: string;
};

/** A slash command's fields, all strings, as Slack posts them form-encoded (and as Socket Mode's payload). */
export function commandPayload(team: SlackTeam, responseUrl: string, fields: CommandFields): Record<string, string> {
  const user = fields.user ?? { id: "U0ANNA", name: "anna" };
  const channel = fields.channel ?? { id: "C0GENERAL", name: "general" };
  return {
    token: "verification-token-unused",
    team_id: team.id,
    team_domain: team.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: fields.command,
    text: fields.text ?? "",
    api_app_id: "A0THREADLINE",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: fields.triggerId ?? newTriggerId(),
  };
}

export type ButtonPress = {
  value: string;
  actionId: string;
  user?: SlackUser;
  channel?: { id: string; name: string };
  /** The message the button was on. */
  message?: { ts: string; text?: string; blocks?: unknown[] };
  triggerId?: string;
};

/** What every interaction payload (a button press, a view submission) starts with: who, in which team, and its trigger (A6). */
export function interactionEnvelope(type: string, team: SlackTeam, user: SlackUser, triggerId: string) {
  return {
    type,
    token: "verification-token-unused",
    api_app_id: "A0THREADLINE",
    trigger_id: triggerId,
    team: { id: team.id, domain: team.domain },
    user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A block_actions payload for one button press on a message (A6). */
export function buttonPayload(team: SlackTeam, responseUrl: string, press: ButtonPress): Record<string, unknown> {
  const user = press.user ?? { id: "U0ANNA", name: "anna" };
  const channel = press.channel ?? { id: "C0GENERAL", name: "general" };
  const message = press.message ?? { ts: "1700000000.000100", text: "", blocks: [] };
  return {
    ...interactionEnvelope("block_actions", team, user, press.triggerId ?? newTriggerId()),
    container: { type: "message", message_ts: message.ts, channel_id: channel.id, is_ephemeral: false },
    channel,
    message: { type: "message", ts: message.ts, text: message.text ?? "", blocks: message.blocks ?? [] },
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        type: "button",
        action_id: press.actionId,
        block_id: "b0",
        action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
        value: press.value,
        text: { type: "plain_text", text: "button" },
      },
    ],
  };
}
