import type { Actor, Member, Role, Workspace } from "../../domain/members/member.js";
import { handleFrom } from "../../domain/members/member.js";
import type { CallerKey, IdentityKey, MemberRepo, WorkspaceDefaults } from "../../domain/members/member.repo.js";
import type { Db, Tx } from "./client.js";
import type { CallerCache } from "./caller-cache.js";
import { ambientTx, atomic, reader } from "./tx.js";

export const memberSelect = {
  id: true,
  workspaceId: true,
  displayName: true,
  handle: true,
  role: true,
  kind: true,
  timezone: true,
  locale: true,
  calendar: true,
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

// The known caller's lookup selects what the Prisma selects above name, so the two cannot drift apart.
const MEMBER_COLUMNS = Object.keys(memberSelect) as Array<keyof typeof memberSelect>;
const WORKSPACE_COLUMNS = Object.keys(workspaceSelect) as Array<keyof typeof workspaceSelect>;
type KnownRow = Record<string, unknown>;
/**
 * $1 platform, $2 its workspace (Slack team, Telegram bot), $3 user, $4 chat, $5 whether the chat is private.
 * The identity's person, the member that person has in the chat's workspace (in a private chat, the
 * workspace the person chose, when they chose one), and that workspace. Enums come back as text.
 */
const KNOWN_CALLER_SQL = `
  SELECT ${MEMBER_COLUMNS.map((c) => `m."${c}"${c === "role" || c === "kind" ? "::text" : ""} AS "m_${c}"`).join(", ")},
         ${WORKSPACE_COLUMNS.map((c) => `w."${c}" AS "w_${c}"`).join(", ")}
    FROM "PlatformIdentity" i
    JOIN "Person" p ON p.id = i."personId"
    LEFT JOIN "ChatLink" l ON l.platform = $1::"Platform" AND l."externalChatId" = $4
    JOIN "Member" m ON m."personId" = p.id
                   AND m."workspaceId" = COALESCE(CASE WHEN $5 THEN p."currentWorkspaceId" END, l."workspaceId")
    JOIN "Workspace" w ON w.id = m."workspaceId"
   WHERE i.platform = $1::"Platform" AND i."externalWorkspaceId" = $2 AND i."externalUserId" = $3`;

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
export function prismaMemberRepo(db: Db, cache?: CallerCache): MemberRepo {
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

  /**
   * The common case, someone already known in a chat already linked (or, in a private chat, in the workspace
   * they chose): one statement, no transaction. Every command starts here, so it is raw SQL: one round trip
   * and no query compilation, where Prisma's finds took three.
   */
  async function known(key: CallerKey, cacheKey: string | null): Promise<Actor | null> {
    const cached = cacheKey && cache?.get(cacheKey);
    if (cached) return cached;
    const generation = cache?.generation() ?? 0;
    const [row] = await reader(db).$queryRawUnsafe<KnownRow[]>(
      KNOWN_CALLER_SQL,
      key.platform,
      key.externalWorkspaceId,
      key.externalUserId,
      key.externalChatId,
      key.private === true,
    );
    if (!row) return null;
    const member = Object.fromEntries(MEMBER_COLUMNS.map((column) => [column, row[`m_${column}`]])) as Member;
    const workspace = Object.fromEntries(WORKSPACE_COLUMNS.map((column) => [column, row[`w_${column}`]]));
    const actor = { member, workspace: toWorkspace(workspace as Parameters<typeof toWorkspace>[0]) };
    return cacheKey && cache ? cache.keep(cacheKey, actor, generation) : actor;
  }

  return {
    async resolveCaller(key, defaults) {
      // The same five values the lookup takes; the cache is left out inside a transaction, which must see its
      // own writes and may yet roll them back.
      const cacheKey = ambientTx() ? null : `${key.platform}\u0000${key.externalWorkspaceId}\u0000${key.externalUserId}\u0000${key.externalChatId}\u0000${key.private === true}`;
      const actor = await known(key, cacheKey);
      if (actor) return actor;
      const generation = cache?.generation() ?? 0;
      let created: Actor;
      try {
        created = await resolveOnce(key, defaults);
      } catch (error) {
        // Two first messages at once race to create the same identity, chat link or member; the loser reads
        // the winner's rows.
        if (!isUniqueViolation(error)) throw error;
        created = await resolveOnce(key, defaults);
      }
      // Committed: kept as `known` would have found it, so the first contact's next lookups (the profile
      // check, the digest) cost no statement.
      return cacheKey && cache ? cache.keep(cacheKey, created, generation) : created;
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
