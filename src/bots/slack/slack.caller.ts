import type { Member } from "../../domain/members/member.js";
import type { CallerKey } from "../../domain/members/member.repo.js";
import { normalizeCaller } from "../user-text.js";

/**
 * Who is calling, as Slack names them. A Slack team is one chat space: every command sent in it, DMs
 * included, acts in the team's workspace. In an Enterprise Grid org each team is a chat space of its own
 * (its own workspace until an admin joins it to another with /crm join), while a person is one identity
 * across the org, since Grid user ids are org-wide: the enterprise id names the identity, the team id the
 * chat. The channel the command came from is kept as the origin (reminders fall back to it).
 */
/** Who sent a Slack delivery and from where, as Slack's payloads name them. */
export type SlackWho = {
  teamId: string;
  /** The Enterprise Grid org, when there is one: a person's identity spans its teams. */
  enterpriseId?: string | undefined;
  userId: string;
  userName?: string | undefined;
  teamDomain?: string | undefined;
  channelId?: string | undefined;
};

export function slackCaller(who: SlackWho): CallerKey {
  const name = who.userName || who.userId;
  return normalizeCaller({
    platform: "slack",
    externalWorkspaceId: slackIdentitySpace(who),
    externalChatId: who.teamId,
    externalUserId: who.userId,
    displayName: name,
    username: name,
    chatTitle: who.teamDomain,
    directMessage: isDirectMessage(who.channelId),
    origin: who.channelId ? { platform: "slack", chatId: who.channelId } : undefined,
  });
}

/** Where a Slack user id is unique: the Enterprise Grid org when there is one, else the team. */
export const slackIdentitySpace = (who: { teamId: string; enterpriseId?: string | undefined }) => who.enterpriseId || who.teamId;

/**
 * A DM (D…): the place for link and join codes, and where reminders from every workspace the person is in
 * arrive, so a button pressed there may belong to any of them. A slash command's reply there is ephemeral
 * or in a DM, never in a channel.
 */
export const isDirectMessage = (channelId: string | undefined) => channelId?.startsWith("D") ?? false;

/**
 * The key that makes a delivery happen once. A retried command or button press carries the same trigger_id
 * (unique per invocation); a retried Events API delivery the same event_id.
 */
export function slackDeliveryKey(teamId: string, body: { trigger_id?: string; event_id?: string }): string | undefined {
  const id = body.trigger_id ?? body.event_id;
  return id ? `slack:${teamId}:${id}` : undefined;
}

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * Turns Slack's escaped mentions (`<@U123>`, `<@U123|anna>`) into the @handles commands understand, as
 * members of the workspace the command acts in (`memberOf`). A user who is not a member there is left as
 * they were, so a mention never reaches into another workspace.
 */
export async function resolveMentions(text: string, memberOf: (userId: string) => Promise<Member | null>): Promise<string> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((match) => match[1]!))];
  if (ids.length === 0) return text;
  const handles = new Map<string, string>();
  for (const id of ids) {
    const member = await memberOf(id);
    if (member) handles.set(id, `@${member.handle}`);
  }
  return text.replace(MENTION, (raw, id: string) => handles.get(id) ?? raw);
}
