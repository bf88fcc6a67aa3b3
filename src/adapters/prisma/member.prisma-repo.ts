import type { Actor, Member, Role, Workspace } from "../../domain/members/member.js";
import { handleFrom } from "../../domain/members/member.js";
import type { CallerKey, IdentityKey, MemberRepo, WorkspaceDefaults } from "../../domain/members/member.repo.js";
import type { Db, Tx } from "./client.js";
import { atomic, reader } from "./tx.js";

export const memberSelect = {
  id: true,
  workspaceId: true,
  displayName: true,
  handle: true,
  role: true,
  kind: true,
  timezone: true,
  locale: true,
} as const;

export const workspaceSelect = {
  id: true,
  name: true,
  timezone: true,
  locale: true,
  currency: true,
  settings: true,
  actionKey: true,
} as const;

const memberWithWorkspace = { ...memberSelect, workspace: { select: workspaceSelect } } as const;

export function toWorkspace(row: { settings: unknown } & Omit<Workspace, "settings">): Workspace {
  return { ...row, settings: (row.settings ?? {}) as Workspace["settings"] };
}

function toActor(row: Member & { workspace: { settings: unknown } & Omit<Workspace, "settings"> }): Actor {
  const { workspace, ...member } = row;
  return { workspace: toWorkspace(workspace), member };
}

/**
 * Callers, their people and their workspaces. A chat space (Slack team, Telegram chat, the console) belongs
 * to one workspace through its ChatLink; a person belongs to any number of workspaces, one Member each. A
 * command acts as the caller's member in the workspace of the chat it was sent in, so a person who is known
 * elsewhere never carries their workspace into a new chat, and a chat never changes workspace by itself.
 */
export function prismaMemberRepo(db: Db): MemberRepo {
  async function uniqueHandle(tx: Tx, workspaceId: string, wanted: string): Promise<string> {
    const base = handleFrom(wanted);
    const taken = new Set(
      (
        await tx.member.findMany({
          where: { workspaceId, handle: { startsWith: base } },
          select: { handle: true },
        })
      ).map((m) => m.handle),
    );
    let handle = base;
    for (let n = 2; taken.has(handle); n++) handle = `${base}${n}`;
    return handle;
  }

  /** The person behind the caller's identity, created with it on first contact. */
  async function personOf(tx: Tx, key: CallerKey): Promise<{ id: string; currentWorkspaceId: string | null }> {
    const identity = await tx.platformIdentity.findUnique({
      where: identityKey(key),
      select: { person: { select: { id: true, currentWorkspaceId: true } } },
    });
    if (identity) return identity.person;
    const person = await tx.person.create({ data: {}, select: { id: true, currentWorkspaceId: true } });
    await tx.platformIdentity.create({
      data: {
        personId: person.id,
        platform: key.platform,
        externalWorkspaceId: key.externalWorkspaceId,
        externalUserId: key.externalUserId,
        username: key.username ?? null,
      },
    });
    return person;
  }

  async function resolveOnce(key: CallerKey, defaults: WorkspaceDefaults): Promise<Actor> {
    return atomic(db, async (tx) => {
      const person = await personOf(tx, key);
      if (key.private && person.currentWorkspaceId) {
        const chosen = await tx.member.findUnique({
          where: { workspaceId_personId: { workspaceId: person.currentWorkspaceId, personId: person.id } },
          select: memberWithWorkspace,
        });
        if (chosen) return toActor(chosen);
      }
      const link = await tx.chatLink.findUnique({
        where: { platform_externalChatId: { platform: key.platform, externalChatId: key.externalChatId } },
        select: { workspace: { select: workspaceSelect } },
      });
      const workspace =
        link?.workspace ??
        (await tx.workspace.create({
          data: { name: key.chatTitle ?? `${key.displayName}'s workspace`, ...defaults },
          select: workspaceSelect,
        }));
      if (!link) {
        await tx.chatLink.create({
          data: { workspaceId: workspace.id, platform: key.platform, externalChatId: key.externalChatId, title: key.chatTitle ?? null },
        });
      }
      const existing = await tx.member.findUnique({
        where: { workspaceId_personId: { workspaceId: workspace.id, personId: person.id } },
        select: memberSelect,
      });
      if (existing) return { workspace: toWorkspace(workspace), member: existing };
      const kind = key.sender ?? "person";
      // The first speaker in a new chat space owns the workspace it creates; a group's anonymous admins are
      // admins of their group's workspace; everyone else joins as a member.
      const role: Role = !link ? "owner" : kind === "anonymous_admin" ? "admin" : "member";
      const member = await tx.member.create({
        data: {
          workspaceId: workspace.id,
          personId: person.id,
          kind,
          displayName: key.displayName,
          handle: await uniqueHandle(tx, workspace.id, key.username ?? key.displayName),
          role,
          locale: key.locale ?? null,
        },
        select: memberSelect,
      });
      return { workspace: toWorkspace(workspace), member };
    });
  }

  /** The common case, someone already known in a chat already linked: reads only, no transaction. */
  async function known(key: CallerKey): Promise<Actor | null> {
    const q = reader(db);
    const [identity, link] = await Promise.all([
      q.platformIdentity.findUnique({
        where: identityKey(key),
        select: { person: { select: { id: true, currentWorkspaceId: true } } },
      }),
      q.chatLink.findUnique({
        where: { platform_externalChatId: { platform: key.platform, externalChatId: key.externalChatId } },
        select: { workspaceId: true },
      }),
    ]);
    if (!identity) return null;
    const workspaceId = (key.private ? identity.person.currentWorkspaceId : null) ?? link?.workspaceId;
    if (!workspaceId) return null;
    const member = await q.member.findUnique({
      where: { workspaceId_personId: { workspaceId, personId: identity.person.id } },
      select: memberWithWorkspace,
    });
    return member ? toActor(member) : null;
  }

  return {
    async resolveCaller(key, defaults) {
      const actor = await known(key);
      if (actor) return actor;
      try {
        return await resolveOnce(key, defaults);
      } catch (error) {
        // Two first messages at once race to create the same identity, chat link or member; the loser reads
        // the winner's rows.
        if (isUniqueViolation(error)) return resolveOnce(key, defaults);
        throw error;
      }
    },

    async memberships(key) {
      const identity = await reader(db).platformIdentity.findUnique({
        where: identityKey(key),
        select: { person: { select: { members: { select: memberWithWorkspace, orderBy: { createdAt: "asc" } } } } },
      });
      return (identity?.person.members ?? []).map(toActor);
    },

    async useWorkspace(key, workspaceId) {
      return atomic(db, async (tx) => {
        // Among the caller's own memberships: a workspace they are not in is never even looked up.
        const identity = await tx.platformIdentity.findUnique({
          where: identityKey(key),
          select: { personId: true, person: { select: { members: { select: memberWithWorkspace } } } },
        });
        const member = identity?.person.members.find((candidate) => candidate.workspaceId === workspaceId);
        if (!identity || !member) return null;
        await tx.person.update({ where: { id: identity.personId }, data: { currentWorkspaceId: member.workspaceId } });
        return toActor(member);
      });
    },

    async findByMention(workspaceId, mention): Promise<Member | null> {
      const text = mention.trim().replace(/^@/, "");
      return reader(db).member.findFirst({
        where: {
          workspaceId,
          OR: [
            { handle: text.toLowerCase() },
            { displayName: { equals: text, mode: "insensitive" } },
            // A platform username (Telegram @anna_k) finds its member even when the handle differs.
            { person: { identities: { some: { username: { equals: text, mode: "insensitive" } } } } },
          ],
        },
        select: memberSelect,
        orderBy: { createdAt: "asc" },
      });
    },

    async findByIdentity(workspaceId, key) {
      const identity = await reader(db).platformIdentity.findUnique({
        where: identityKey(key),
        select: { person: { select: { members: { where: { workspaceId }, select: memberSelect } } } },
      });
      return identity?.person.members[0] ?? null;
    },
  };
}

/** The unique key of a platform identity, as Prisma names it. */
export function identityKey(key: IdentityKey) {
  const { platform, externalWorkspaceId, externalUserId } = key;
  return { platform_externalWorkspaceId_externalUserId: { platform, externalWorkspaceId, externalUserId } };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
