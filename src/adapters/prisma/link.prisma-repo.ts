import type { LinkRepo } from "../../domain/members/link.js";
import type { CodeKind } from "../../domain/members/link.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { Db, Tx } from "./client.js";
import { fromDb, toDb } from "./dates.js";
import { identityKey } from "./member.prisma-repo.js";
import { atomic, inParallel, noteWorkspaceMoved, reader } from "./tx.js";

export function prismaLinkRepo(db: Db): LinkRepo {
  /** The code's row, locked so two redemptions of one code cannot both pass the "unused" check; null when not usable. */
  async function lockCode(tx: Tx, code: string, kind: CodeKind, now: Parameters<LinkRepo["redeem"]>[2]) {
    const [locked] = await tx.$queryRaw<{ code: string }[]>`SELECT code FROM "LinkCode" WHERE code = ${code} FOR UPDATE`;
    const row = locked
      ? await tx.linkCode.findUnique({
          where: { code },
          select: {
            kind: true,
            workspaceId: true,
            platform: true,
            expiresAt: true,
            usedAt: true,
            workspace: { select: { name: true } },
            member: { select: { handle: true, personId: true } },
          },
        })
      : null;
    if (!row || row.kind !== kind || row.usedAt || fromDb(row.expiresAt) < now) return null;
    await tx.linkCode.update({ where: { code }, data: { usedAt: toDb(now) } });
    return row;
  }

  return {
    async create(kind, workspaceId, memberId, platform, code, expiresAt) {
      // Inside the delivery's transaction when there is one: on PGlite's single connection a write beside it
      // would wait for it to end, and it only ends once this command does (a 20 s hang, then an error).
      await reader(db).linkCode.create({ data: { code, kind, workspaceId, memberId, platform, expiresAt: toDb(expiresAt) } });
    },

    async redeem(code, caller, now) {
      return atomic(db, async (tx) => {
        const link = await lockCode(tx, code, "identity", now);
        if (!link) throw new DomainError("link.invalid");
        if (link.platform === caller.platform) throw new DomainError("link.same_platform");
        const identity = await tx.platformIdentity.findUniqueOrThrow({ where: identityKey(caller), select: { personId: true } });
        const from = identity.personId;
        const to = link.member.personId;
        if (from === to) throw new DomainError("link.already");

        // The caller's memberships become the issuer's, except where the issuer is a member already: that
        // member stays as it was (named in timelines), reached by nobody any more.
        const theirs = await tx.person.findUniqueOrThrow({ where: { id: to }, select: { members: { select: { workspaceId: true } } } });
        await tx.member.updateMany({
          where: { personId: from, workspaceId: { notIn: theirs.members.map((member) => member.workspaceId) } },
          data: { personId: to },
        });
        await tx.platformIdentity.updateMany({ where: { personId: from }, data: { personId: to } });
        // The private chat where the code is redeemed now shows the issuer's workspace; /crm use switches.
        await tx.person.update({ where: { id: to }, data: { currentWorkspaceId: link.workspaceId } });
        return { workspaceName: link.workspace.name, handle: link.member.handle };
      });
    },

    async join(code, caller, fromWorkspaceId, now) {
      return atomic(db, async (tx) => {
        const link = await lockCode(tx, code, "join", now);
        if (!link) throw new DomainError("join.invalid");
        const target = link.workspaceId;
        if (target === fromWorkspaceId) throw new DomainError("join.already", { workspace: link.workspace.name });
        const [leads, contacts, tasks, invoices, chats] = await inParallel(
          () => tx.lead.count({ where: { workspaceId: fromWorkspaceId } }),
          () => tx.contact.count({ where: { workspaceId: fromWorkspaceId } }),
          () => tx.task.count({ where: { workspaceId: fromWorkspaceId } }),
          () => tx.invoice.count({ where: { workspaceId: fromWorkspaceId } }),
          () => tx.chatLink.count({ where: { workspaceId: fromWorkspaceId } }),
        );
        if (leads + contacts + tasks + invoices > 0) throw new DomainError("join.workspace_has_data");
        const moved = await tx.chatLink.updateMany({
          where: { platform: caller.platform, externalChatId: caller.externalChatId, workspaceId: fromWorkspaceId },
          data: { workspaceId: target },
        });
        if (moved.count !== 1) throw new DomainError("join.invalid");
        if (chats === 1) {
          // The records of its deliveries move along (the cascade below would delete them), this very one's
          // too: the inbox completes it under the workspace it was moved to.
          await tx.inboundDelivery.updateMany({ where: { workspaceId: fromWorkspaceId }, data: { workspaceId: target } });
          noteWorkspaceMoved(tx, fromWorkspaceId, target);
          // No records, no other chat: only the members its first messages created. Cascades.
          await tx.workspace.delete({ where: { id: fromWorkspaceId } });
        }
        return { workspaceName: link.workspace.name };
      });
    },
  };
}
