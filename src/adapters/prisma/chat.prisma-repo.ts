import type { ChatRepo } from "../../domain/members/chat.repo.js";
import { SETTINGS } from "../../domain/invoices/invoice.policy.js";
import type { Db } from "./client.js";
import { atomic, inParallel } from "./tx.js";

export function prismaChatRepo(db: Db): ChatRepo {
  return {
    async moveChat(platform, from, to) {
      if (from === to) return;
      await atomic(db, async (tx) => {
        const [old, taken] = await inParallel(
          () => tx.chatLink.findUnique({ where: { platform_externalChatId: { platform, externalChatId: from } }, select: { workspaceId: true } }),
          () => tx.chatLink.findUnique({ where: { platform_externalChatId: { platform, externalChatId: to } }, select: { workspaceId: true } }),
        );
        if (old && taken && taken.workspaceId !== old.workspaceId) {
          // Someone spoke in the supergroup before we learnt it is the old group: the workspace that created
          // goes, unless it already holds records (then the new id keeps it and the old link stays as it was).
          const id = taken.workspaceId;
          const [records, chats] = await inParallel(
            () => Promise.all([tx.lead.count({ where: { workspaceId: id } }), tx.contact.count({ where: { workspaceId: id } }), tx.task.count({ where: { workspaceId: id } }), tx.invoice.count({ where: { workspaceId: id } })]),
            () => tx.chatLink.count({ where: { workspaceId: id } }),
          );
          if (records.some((count) => count > 0) || chats > 1) return;
          await tx.workspace.delete({ where: { id } });
        }
        await tx.chatLink.updateMany({ where: { platform, externalChatId: from }, data: { externalChatId: to } });
        const key = SETTINGS.approvalsChat;
        await tx.$executeRaw`UPDATE "Workspace" SET settings = jsonb_set(settings, ARRAY[${key}::text, 'chatId'], to_jsonb(${to}::text))
          WHERE settings -> ${key} ->> 'platform' = ${platform} AND settings -> ${key} ->> 'chatId' = ${from}`;
        await tx.$executeRaw`UPDATE "OutboxMessage" SET "chatId" = ${to}
          WHERE platform = ${platform}::"Platform" AND "chatId" = ${from} AND state IN ('pending', 'sending', 'uncertain', 'failed')`;
        await tx.$executeRaw`UPDATE "OutboxMessage" SET payload = jsonb_set(payload, '{fallback,chatId}', to_jsonb(${to}::text))
          WHERE payload -> 'fallback' ->> 'platform' = ${platform} AND payload -> 'fallback' ->> 'chatId' = ${from}`;
        await tx.outboxMessage.updateMany({ where: { sentPlatform: platform, sentChatId: from }, data: { sentChatId: to } });
        // A group's anonymous admins are an identity of that group: still the same admins after the move.
        await tx.platformIdentity.updateMany({ where: { platform, externalUserId: `chat:${from}` }, data: { externalUserId: `chat:${to}` } });
      });
    },
  };
}
