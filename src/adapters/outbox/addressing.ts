import type { Actor, Member } from "../../domain/members/member.js";
import { editedMessageOf } from "../../domain/reminders/outbox.js";
import type { ChatAddress, Messengers } from "../../bots/messenger.js";
import type { Database } from "../prisma/client.js";
import { memberSelect, toWorkspace, workspaceSelect } from "../prisma/member.prisma-repo.js";
import { fallbackOf, type ClaimedRow } from "./queue.js";

/** A claimed row with who reads it and where it goes. */
export type Job = {
  row: ClaimedRow;
  /** Whose language, zone and permissions the composer writes with. */
  actor: Actor;
  to: ChatAddress;
  /** The chat the command came from, when the DM `to` is refused; null when it is `to` itself. */
  fallback: ChatAddress | null;
  /** The recipient's DM, when `to` is a chat the bot turns out not to be a member of; null when it is `to`. */
  dm: ChatAddress | null;
  /** The message this row edits in `to` (payload.edit), or null for a new post. */
  edit: string | null;
  /** The recipient's display name, for the admins' alert. */
  recipient: string | null;
  /** It goes to the recipient's DM, where messages from all their workspaces arrive side by side. */
  direct: boolean;
};

/** Rows no running messenger can reach: parked by the caller. */
export type Unreachable = { row: ClaimedRow; recipient: string | null };

/**
 * Who each row is for and where it goes: its explicit chat, else the recipient's DM on a running platform,
 * else the chat the command came from. Two queries for a whole batch, however many rows.
 */
export async function addressJobs(
  db: Database,
  messengers: Messengers,
  rows: ClaimedRow[],
): Promise<{ jobs: Job[]; unreachable: Unreachable[] }> {
  const memberIds = [...new Set(rows.flatMap((row) => (row.recipientId ? [row.recipientId] : [])))];
  const workspaceIds = [...new Set(rows.filter((row) => !row.recipientId).map((row) => row.workspaceId))];
  const [members, workspaces] = await Promise.all([
    memberIds.length
      ? db.prisma.member.findMany({
          where: { id: { in: memberIds } },
          select: {
            ...memberSelect,
            workspace: { select: workspaceSelect },
            person: { select: { identities: { select: { platform: true, externalUserId: true }, orderBy: { createdAt: "desc" } } } },
          },
        })
      : [],
    workspaceIds.length
      ? db.prisma.workspace.findMany({
          where: { id: { in: workspaceIds } },
          select: {
            ...workspaceSelect,
            members: { select: memberSelect, orderBy: [{ role: "asc" }, { createdAt: "asc" }], take: 1 },
          },
        })
      : [],
  ]);
  const memberById = new Map(members.map((member) => [member.id, member]));
  const workspaceById = new Map(workspaces.map((workspace) => [workspace.id, workspace]));

  const jobs: Job[] = [];
  const unreachable: Unreachable[] = [];
  for (const row of rows) {
    let actor: Actor | null = null;
    let dm: ChatAddress | null = null;
    /** The recipient is a person, whose DM gathers messages from all their workspaces. */
    let toPerson = false;
    let recipient: string | null = null;
    if (row.recipientId) {
      const found = memberById.get(row.recipientId);
      if (found) {
        const { workspace, person, ...member } = found;
        actor = { workspace: toWorkspace(workspace), member };
        recipient = member.displayName;
        // A DM (Slack: the user id as channel; Telegram: the user id as chat id) on a platform this instance
        // runs, the identity linked most recently first. A chat speaking for itself ("chat:<id>": a group's
        // anonymous admins, a channel) is written to in that chat.
        const identity = person.identities.find((candidate) => messengers[candidate.platform]);
        if (identity) dm = { platform: identity.platform, chatId: identity.externalUserId.replace(/^chat:/, "") };
        toPerson = member.kind === "person";
      }
    } else {
      // A post into a channel has no recipient: it is read in the workspace's language and zone, with the
      // workspace's owner as the actor composers see.
      const found = workspaceById.get(row.workspaceId);
      const owner = found?.members[0];
      if (found && owner) {
        const { members: _, ...workspace } = found;
        actor = { workspace: toWorkspace(workspace), member: { ...owner, locale: null, timezone: null } satisfies Member };
      }
    }
    const running = (address: ChatAddress | null) => (address && messengers[address.platform] ? address : null);
    const edit = editedMessageOf(row.payload);
    // An edit happens where the message is, or not at all.
    const fallback = edit ? null : running(fallbackOf(row.payload));
    const to = edit ? running(row.address) : (running(row.address ?? dm) ?? fallback);
    if (!actor || !to) {
      unreachable.push({ row, recipient });
      continue;
    }
    const other = (address: ChatAddress | null) => (address && !sameChat(address, to) ? address : null);
    // A chat speaking for itself (anonymous admins, a channel) is written to in that chat, of one workspace.
    const direct = toPerson && !row.address && to === dm;
    jobs.push({ row, actor, to, fallback: other(fallback), dm: edit ? null : other(dm), edit, recipient, direct });
  }
  return { jobs, unreachable };
}

export function sameChat(a: ChatAddress, b: ChatAddress): boolean {
  return a.platform === b.platform && a.chatId === b.chatId;
}
