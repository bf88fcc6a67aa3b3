import { createHmac, timingSafeEqual } from "node:crypto";
import type { Action, Reply } from "../render/reply.js";
import type { CommandContext } from "./registry.js";

/**
 * What a button press does: edit the message it was on (the result, and who pressed), answer only the
 * presser (an alert: "you can't approve this"), leaving the message as it was, or answer with a new message
 * under it (`reply`: a form's next question, or a whole form a door with modals opens for the presser).
 */
export type PressResult = { kind: "edit"; reply: Reply; notice?: string } | { kind: "alert"; text: string } | { kind: "reply"; reply: Reply };

/** A button's handler. The payload names the action and a record id; the handler re-reads everything else. */
export type ButtonAction = {
  name: string;
  run(recordId: string, ctx: CommandContext): Promise<PressResult>;
};

export function defineAction(action: ButtonAction): ButtonAction {
  return action;
}

// 10 base64url characters = 60 bits of HMAC: enough to make guessing hopeless, short enough that
// "inv.approve:<uuid>:<sig>" stays inside Telegram's 64-byte callback_data.
const SIGNATURE_LENGTH = 10;

function signature(key: string, name: string, recordId: string): string {
  return createHmac("sha256", key).update(`${name}:${recordId}`).digest("base64url").slice(0, SIGNATURE_LENGTH);
}

/** A button whose payload is "name:recordId:signature", signed with the workspace's server-side key. */
export function button(
  ctx: Pick<CommandContext, "actor">,
  name: string,
  recordId: string,
  label: string,
  style?: Action["style"],
): Action {
  const id = `${name}:${recordId}:${signature(ctx.actor.workspace.actionKey, name, recordId)}`;
  return style ? { id, label, style } : { id, label };
}

/** The action and record a payload names, or null when it is malformed or its signature does not match. */
export function readPayload(key: string, payload: string): { name: string; recordId: string } | null {
  const match = /^([a-z][a-z0-9_.-]{0,20}):([A-Za-z0-9-]{1,40}):([A-Za-z0-9_-]{10})$/.exec(payload);
  if (!match) return null;
  const [, name, recordId, given] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(signature(key, name, recordId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? { name, recordId } : null;
}
