import type { WorkspaceRepo } from "../../domain/members/workspace.repo.js";
import type { Db } from "./client.js";
import { memberSelect, toWorkspace, workspaceSelect } from "./member.prisma-repo.js";
import { atomic, reader } from "./tx.js";

export function prismaWorkspaceRepo(db: Db): WorkspaceRepo {
  return {
    async updateSettings(workspaceId, patch) {
      return atomic(db, async (tx) => {
        // jsonb || merges in the database, so two settings changed at once both stick.
        await tx.$executeRaw`UPDATE "Workspace" SET settings = settings || ${JSON.stringify(patch)}::jsonb WHERE id = ${workspaceId}::uuid`;
        return toWorkspace(await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: workspaceSelect }));
      });
    },
    async setWorkspaceTimezone(workspaceId, timezone) {
      return toWorkspace(
        await reader(db).workspace.update({ where: { id: workspaceId }, data: { timezone }, select: workspaceSelect }),
      );
    },
    async setMemberTimezone(workspaceId, memberId, timezone) {
      return reader(db).member.update({ where: { id: memberId, workspaceId }, data: { timezone }, select: memberSelect });
    },
    async setWorkspaceLocale(workspaceId, locale) {
      return toWorkspace(await reader(db).workspace.update({ where: { id: workspaceId }, data: { locale }, select: workspaceSelect }));
    },
    async setMemberLocale(workspaceId, memberId, locale) {
      return reader(db).member.update({ where: { id: memberId, workspaceId }, data: { locale }, select: memberSelect });
    },
    async setMemberCalendar(workspaceId, memberId, calendar) {
      return reader(db).member.update({ where: { id: memberId, workspaceId }, data: { calendar }, select: memberSelect });
    },
    async setMemberRole(workspaceId, memberId, role) {
      return reader(db).member.update({ where: { id: memberId, workspaceId }, data: { role }, select: memberSelect });
    },
    async chats(workspaceId) {
      const rows = await reader(db).chatLink.findMany({
        where: { workspaceId },
        select: { platform: true, externalChatId: true, title: true },
        orderBy: { createdAt: "asc" },
      });
      return rows.map((row) => ({ platform: row.platform, chatId: row.externalChatId, title: row.title }));
    },
    async members(workspaceId) {
      return reader(db).member.findMany({ where: { workspaceId }, select: memberSelect, orderBy: { createdAt: "asc" } });
    },
  };
}
