import type { Prisma } from "../../generated/prisma/client.ts";
import type { FormValues } from "../../bots/forms/form.js";
import type { FormSession, FormSessions } from "../../bots/forms/form-sessions.js";
import type { Db } from "./client.js";
import { fromDb, toDb } from "./dates.js";
import { atomic, reader } from "./tx.js";

type Row = Omit<FormSession, "values" | "expiresAt" | "context"> & { values: Prisma.JsonValue; expiresAt: Date; context: string | null };

const toSession = (row: Row): FormSession => ({
  id: row.id,
  workspaceId: row.workspaceId,
  memberId: row.memberId,
  form: row.form,
  context: row.context,
  platform: row.platform,
  chatId: row.chatId,
  values: (row.values ?? {}) as FormValues,
  step: row.step,
  offered: row.offered,
  expiresAt: fromDb(row.expiresAt),
});

/** Form sessions in the FormSession table; written inside the command's transaction like everything else. */
export function prismaFormSessions(db: Db): FormSessions {
  return {
    async open(session) {
      return atomic(db, async (tx) => {
        const key = { workspaceId: session.workspaceId, memberId: session.memberId, platform: session.platform, chatId: session.chatId };
        const data = { form: session.form, context: session.context, values: session.values, step: session.step, offered: session.offered, expiresAt: toDb(session.expiresAt) };
        // Starting a form replaces the member's unfinished one in this chat: one question open per person.
        const row = await tx.formSession.upsert({
          where: { workspaceId_memberId_platform_chatId: key },
          create: { ...key, ...data },
          update: data,
        });
        return toSession(row);
      });
    },
    async current(workspaceId, memberId, platform, chatId) {
      const row = await reader(db).formSession.findUnique({ where: { workspaceId_memberId_platform_chatId: { workspaceId, memberId, platform, chatId } } });
      return row ? toSession(row) : null;
    },
    async byId(workspaceId, id) {
      const row = await reader(db).formSession.findFirst({ where: { workspaceId, id } });
      return row ? toSession(row) : null;
    },
    async save(session) {
      await reader(db).formSession.updateMany({
        where: { workspaceId: session.workspaceId, id: session.id },
        data: { values: session.values, step: session.step, offered: session.offered, expiresAt: toDb(session.expiresAt) },
      });
    },
    async close(workspaceId, id) {
      await reader(db).formSession.deleteMany({ where: { workspaceId, id } });
    },
  };
}
