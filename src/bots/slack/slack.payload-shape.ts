import { z } from "zod";

/**
 * The least a Slack delivery must carry before Bolt and our listeners may touch it. Bolt reads fields of a
 * payload without looking (`payload=null` in a signed body throws inside its receiver, outside any handler,
 * and takes the process down), and a command without a team or user would reach the dispatcher half-built.
 * A body that fails here is answered 400 (HTTP) or acked and dropped (Socket Mode), and logged.
 */

export type SlackDeliveryKind = "slash_commands" | "interactive" | "events_api";

const id = z.string().min(1);
const optionalText = z.string().optional();

/** A slash command's form fields (platform-facts A4): all strings. */
const slashCommand = z.object({
  command: z.string().regex(/^\/\S+$/),
  team_id: id,
  user_id: id,
  response_url: z.string().url(),
  text: optionalText,
  user_name: optionalText,
  team_domain: optionalText,
  channel_id: optionalText,
  trigger_id: optionalText,
});

/** A block_actions payload (A6): who pressed, in which team, which button. */
const blockActions = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id, team_id: optionalText, name: optionalText, username: optionalText }),
  team: z.object({ id }).nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: optionalText })).min(1),
  response_url: optionalText,
  trigger_id: optionalText,
});

/** A modal submitted (A6): the form listener reads the view's ticket, hash and state without looking further. */
const viewSubmission = z.object({
  type: z.literal("view_submission"),
  user: z.object({ id, team_id: optionalText, name: optionalText }),
  team: z.object({ id }).nullish(),
  view: z.object({
    id,
    callback_id: z.string(),
    hash: z.string(),
    private_metadata: z.string(),
    blocks: z.array(z.object({ type: z.string() })),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ type: optionalText }))) }),
  }),
});

/** A message shortcut (A6): who chose it, on which message, in which channel. */
const messageAction = z.object({
  type: z.literal("message_action"),
  callback_id: z.string(),
  trigger_id: z.string(),
  response_url: z.string(),
  user: z.object({ id, team_id: optionalText, name: optionalText, username: optionalText }),
  team: z.object({ id }).nullish(),
  channel: z.object({ id }),
  message: z.object({ ts: z.string(), text: optionalText, user: optionalText, username: optionalText }),
});

const CHECKED = new Set(["block_actions", "view_submission", "message_action"]);

/** Other interactive payloads (global shortcuts, view_closed) are not ours, but must still be objects with a type. */
const interactive = z.union([
  blockActions,
  viewSubmission,
  messageAction,
  z.object({ type: z.string().min(1) }).refine((body) => !CHECKED.has(body.type)),
]);

const events = z.union([
  z.object({ type: z.literal("url_verification"), challenge: z.string() }),
  z.object({ type: z.literal("event_callback"), team_id: optionalText, event: z.object({ type: z.string() }) }),
  z.object({ type: z.string().min(1) }).refine((body) => body.type !== "url_verification" && body.type !== "event_callback"),
]);

const shapes: Record<SlackDeliveryKind, z.ZodType> = { slash_commands: slashCommand, interactive, events_api: events };

/** What is wrong with a delivery's body, in a line for the log, or null when it is well-formed. */
export function slackPayloadProblem(kind: SlackDeliveryKind, body: unknown): string | null {
  const result = shapes[kind].safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  return `${kind}: ${issue.path.join(".") || "body"}: ${issue.message}`;
}
