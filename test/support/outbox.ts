import type { DateTime } from "luxon";
import type { Database } from "../../src/adapters/prisma/client.js";
import { enqueue } from "../../src/adapters/prisma/outbox.prisma-repo.js";
import { atomic } from "../../src/adapters/prisma/tx.js";
import { defineComposer, type Composer } from "../../src/bots/reminders/composer.js";
import { reply } from "../../src/bots/render/reply.js";
import type { Platform, Role } from "../../src/domain/members/member.js";
import type { NewOutboxItem, OutboxItem } from "../../src/domain/reminders/outbox.js";

export const PING = "test.ping";

/**
 * A composer for tests: "ping: <payload.text>", or nothing to say when `payload.cancel` is set. `seen`
 * collects every item it composed (to check what the dispatcher told it, such as `late`).
 */
export function pingComposer(seen: OutboxItem[] = [], kind = PING): Composer {
  return defineComposer({
    kind,
    async compose(item, ctx) {
      seen.push(item);
      if (item.payload.cancel) return null;
      return reply.text(`ping: ${String(item.payload.text ?? "")}`, `for ${ctx.actor.member.displayName}`);
    },
  });
}

/** Builders for the rows the outbox reads: workspaces, members with platform identities, outbox rows. */
export function outboxRows(database: Database) {
  const db = database.prisma;
  let n = 0;
  return {
    async workspace(name = `Workspace ${++n}`) {
      return db.workspace.create({ data: { name, timezone: "UTC", locale: "en", currency: "USD" }, select: { id: true } });
    },
    /** A member with identities on the given platforms; their DM chat id there is `userId`. */
    async member(
      workspaceId: string,
      displayName: string,
      { role = "member", on = [] }: { role?: Role; on?: Array<{ platform: Platform; userId: string }> } = {},
    ) {
      const handle = `${displayName.toLowerCase()}${++n}`;
      const person = await db.person.create({ data: {}, select: { id: true } });
      const member = await db.member.create({ data: { workspaceId, personId: person.id, displayName, handle, role }, select: { id: true } });
      for (const identity of on) {
        await db.platformIdentity.create({
          data: {
            personId: person.id,
            platform: identity.platform,
            // One chat space per workspace, so the same user ids can recur across tests.
            externalWorkspaceId: `space-${workspaceId}`,
            externalUserId: identity.userId,
          },
        });
      }
      return member;
    },
    enqueue(workspaceId: string, item: Omit<NewOutboxItem, "kind"> & { kind?: string }) {
      return atomic(db, (tx) => enqueue(tx, workspaceId, { kind: PING, ...item }));
    },
    row(id: string) {
      return db.outboxMessage.findUniqueOrThrow({ where: { id } });
    },
    rows(where: { kind?: string; state?: "pending" | "sending" | "sent" | "uncertain" | "failed" | "cancelled" } = {}) {
      return db.outboxMessage.findMany({ where, orderBy: { createdAt: "asc" } });
    },
    async clear() {
      await db.outboxMessage.deleteMany();
      await database.sql.exec(`DELETE FROM "DispatcherLease"; DELETE FROM "OutboxInstance"`);
    },
  };
}

/** A fixed clock's `waitUntil`: moves the clock to the moment instead of sleeping. */
export const jumpTo = (clock: { now(): DateTime; set(to: DateTime): void }) => async (at: DateTime) => {
  if (at > clock.now()) clock.set(at);
};
