import type { LinkRepo } from "../../domain/members/link.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { Db } from "./client.js";
import { fromDb, toDb } from "./dates.js";
import { atomic, reader, inParallel } from "./tx.js";

export function prismaLinkRepo(db: Db): LinkRepo {
  return {
    async create(workspaceId, memberId, platform, code, expiresAt) {
      // Inside the delivery's transaction when there is one: on PGlite's single connection a write beside it
      // would wait for it to end, and it only ends once this command does (a 20 s hang, then an error).
      await reader(db).linkCode.create({ data: { code, workspaceId, memberId, platform, expiresAt: toDb(expiresAt) } });
    },

    async redeem(code, caller, now) {
      return atomic(db, async (tx) => {
        // Lock the code row so two redemptions of one code cannot both pass the "unused" check.
        const [locked] = await tx.$queryRaw<{ code: string }[]>`SELECT code FROM "LinkCode" WHERE code = ${code} FOR UPDATE`;
        const link = locked
          ? await tx.linkCode.findUnique({
              where: { code },
              select: { workspaceId: true, memberId: true, platform: true, expiresAt: true, usedAt: true, workspace: { select: { name: true } }, member: { select: { handle: true } } },
            })
          : null;
        if (!link || link.usedAt || fromDb(link.expiresAt) < now) throw new DomainError("link.invalid");
        if (link.platform === caller.platform) throw new DomainError("link.same_platform");

        const identity = await tx.platformIdentity.findUniqueOrThrow({
          where: {
            platform_externalWorkspaceId_externalUserId: {
              platform: caller.platform,
              externalWorkspaceId: caller.externalWorkspaceId,
              externalUserId: caller.externalUserId,
            },
          },
          select: { id: true, memberId: true, workspaceId: true },
        });
        if (identity.memberId === link.memberId) throw new DomainError("link.already");

        const oldWorkspaceId = identity.workspaceId;
        if (oldWorkspaceId !== link.workspaceId) {
          const [members, leads, contacts] = await inParallel(
            () => tx.member.count({ where: { workspaceId: oldWorkspaceId } }),
            () => tx.lead.count({ where: { workspaceId: oldWorkspaceId } }),
            () => tx.contact.count({ where: { workspaceId: oldWorkspaceId } }),
          );
          if (members > 1 || leads > 0 || contacts > 0) throw new DomainError("link.workspace_has_data");
        }

        await tx.platformIdentity.update({
          where: { id: identity.id },
          data: { memberId: link.memberId, workspaceId: link.workspaceId },
        });
        await tx.chatLink.updateMany({
          where: { platform: caller.platform, externalChatId: caller.externalChatId, workspaceId: oldWorkspaceId },
          data: { workspaceId: link.workspaceId },
        });
        if (caller.origin && caller.origin.chatId !== caller.externalChatId) {
          await tx.chatLink.updateMany({
            where: { platform: caller.platform, externalChatId: caller.origin.chatId, workspaceId: oldWorkspaceId },
            data: { workspaceId: link.workspaceId },
          });
        }
        if (oldWorkspaceId !== link.workspaceId) {
          // The record of this very delivery (and any earlier one from this chat) moves along: the cascade
          // below would delete it inside the command's own transaction, which then fails to store its reply.
          await tx.inboundDelivery.updateMany({ where: { workspaceId: oldWorkspaceId }, data: { workspaceId: link.workspaceId } });
          // Empty by the check above: only the member the caller's first message created. Cascades.
          await tx.workspace.delete({ where: { id: oldWorkspaceId } });
        }
        // Within one workspace the caller's old member stays (it may be named in the timeline); with no
        // identity left it is never addressed again.
        await tx.linkCode.update({ where: { code }, data: { usedAt: toDb(now) } });
        return { workspaceName: link.workspace.name, handle: link.member.handle };
      });
    },
  };
}
