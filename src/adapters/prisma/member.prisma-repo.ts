import type { Actor, Member, Workspace } from "../../domain/members/member.js";
import { handleFrom } from "../../domain/members/member.js";
import type { CallerKey, MemberRepo, WorkspaceDefaults } from "../../domain/members/member.repo.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { Db, Tx } from "./client.js";
import { atomic, reader } from "./tx.js";

export const memberSelect = {
  id: true,
  workspaceId: true,
  displayName: true,
  handle: true,
  role: true,
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

export function toWorkspace(row: { settings: unknown } & Omit<Workspace, "settings">): Workspace {
  return { ...row, settings: (row.settings ?? {}) as Workspace["settings"] };
}

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

  async function resolveOnce(key: CallerKey, defaults: WorkspaceDefaults): Promise<Actor> {
    return atomic(db, async (tx) => {
      const identity = await tx.platformIdentity.findUnique({
        where: identityKey(key),
        select: { member: { select: { ...memberSelect, workspace: { select: workspaceSelect } } } },
      });
      const link = await tx.chatLink.findUnique({
        where: { platform_externalChatId: { platform: key.platform, externalChatId: key.externalChatId } },
        select: { workspace: { select: workspaceSelect } },
      });

      if (identity) {
        const { workspace, ...member } = identity.member;
        if (link && link.workspace.id !== workspace.id) throw new DomainError("chat.other_workspace");
        if (!link) {
          await tx.chatLink.create({
            data: { workspaceId: workspace.id, platform: key.platform, externalChatId: key.externalChatId },
          });
        }
        return { workspace: toWorkspace(workspace), member };
      }

      const workspace =
        link?.workspace ??
        (await tx.workspace.create({
          data: { name: key.chatTitle ?? `${key.displayName}'s workspace`, ...defaults },
          select: workspaceSelect,
        }));
      const member = await tx.member.create({
        data: {
          workspaceId: workspace.id,
          displayName: key.displayName,
          handle: await uniqueHandle(tx, workspace.id, key.username ?? key.displayName),
          // The first person in a new chat space owns the workspace it creates.
          role: link ? "member" : "owner",
          locale: key.locale ?? null,
        },
        select: memberSelect,
      });
      await tx.platformIdentity.create({
        data: {
          workspaceId: workspace.id,
          memberId: member.id,
          platform: key.platform,
          externalWorkspaceId: key.externalWorkspaceId,
          externalUserId: key.externalUserId,
          username: key.username ?? null,
        },
      });
      if (!link) {
        await tx.chatLink.create({
          data: { workspaceId: workspace.id, platform: key.platform, externalChatId: key.externalChatId },
        });
      }
      return { workspace: toWorkspace(workspace), member };
    });
  }

  /** The common case, someone already known in a chat already linked: two reads, no transaction. */
  async function known(key: CallerKey): Promise<Actor | null> {
    const q = reader(db);
    const [identity, link] = await Promise.all([
      q.platformIdentity.findUnique({
        where: identityKey(key),
        select: { member: { select: { ...memberSelect, workspace: { select: workspaceSelect } } } },
      }),
      q.chatLink.findUnique({
        where: { platform_externalChatId: { platform: key.platform, externalChatId: key.externalChatId } },
        select: { workspaceId: true },
      }),
    ]);
    if (!identity || !link || link.workspaceId !== identity.member.workspace.id) return null;
    const { workspace, ...member } = identity.member;
    return { workspace: toWorkspace(workspace), member };
  }

  return {
    async resolveCaller(key, defaults) {
      const actor = await known(key);
      if (actor) return actor;
      try {
        return await resolveOnce(key, defaults);
      } catch (error) {
        // Two first messages at once race to create the same identity or chat link; the loser reads the
        // winner's rows.
        if (isUniqueViolation(error)) return resolveOnce(key, defaults);
        throw error;
      }
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
            { identities: { some: { username: { equals: text, mode: "insensitive" } } } },
          ],
        },
        select: memberSelect,
        orderBy: { createdAt: "asc" },
      });
    },

    findByIdentity: (key) => findByIdentity(db, key),
  };
}

export async function findByIdentity(
  db: Db,
  key: Pick<CallerKey, "platform" | "externalWorkspaceId" | "externalUserId">,
): Promise<Member | null> {
  const identity = await reader(db).platformIdentity.findUnique({
    where: identityKey(key),
    select: { member: { select: memberSelect } },
  });
  return identity?.member ?? null;
}

/** The unique key of a platform identity, as Prisma names it. */
function identityKey(key: Pick<CallerKey, "platform" | "externalWorkspaceId" | "externalUserId">) {
  const { platform, externalWorkspaceId, externalUserId } = key;
  return { platform_externalWorkspaceId_externalUserId: { platform, externalWorkspaceId, externalUserId } };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
