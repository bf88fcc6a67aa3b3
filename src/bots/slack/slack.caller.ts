import type { CallerKey, MemberRepo } from "../../domain/members/member.repo.js";
import { normalizeCaller } from "../user-text.js";

/**
 * Who is calling, as Slack names them. A Slack team is one chat space, so the team id is both the external
 * workspace and the chat; the channel the command came from is kept as the origin (reminders fall back to it).
 */
export function slackCaller(who: {
  teamId: string;
  userId: string;
  userName?: string | undefined;
  teamDomain?: string | undefined;
  channelId?: string | undefined;
}): CallerKey {
  const name = who.userName || who.userId;
  return normalizeCaller({
    platform: "slack",
    externalWorkspaceId: who.teamId,
    externalChatId: who.teamId,
    externalUserId: who.userId,
    displayName: name,
    username: name,
    chatTitle: who.teamDomain,
    origin: who.channelId ? { platform: "slack", chatId: who.channelId } : undefined,
  });
}

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
 * Turns Slack's escaped mentions (`<@U123>`, `<@U123|anna>`) into the @handles commands understand. A user
 * who has never used the bot has no member yet, so their raw mention is left as it was.
 */
export async function resolveMentions(
  text: string,
  teamId: string,
  members: Pick<MemberRepo, "findByIdentity">,
): Promise<string> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((match) => match[1]!))];
  if (ids.length === 0) return text;
  const handles = new Map<string, string>();
  for (const id of ids) {
    const member = await members.findByIdentity({ platform: "slack", externalWorkspaceId: teamId, externalUserId: id });
    if (member) handles.set(id, `@${member.handle}`);
  }
  return text.replace(MENTION, (raw, id: string) => handles.get(id) ?? raw);
}
