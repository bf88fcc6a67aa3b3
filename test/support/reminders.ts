import type { App } from "../../src/app.js";
import { fromDb } from "../../src/adapters/prisma/dates.js";
import { composers } from "../../src/bots/reminders/all.composers.js";
import type { Reply } from "../../src/bots/render/reply.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import type { OutboxItem } from "../../src/domain/reminders/outbox.js";

type OutboxRow = Awaited<ReturnType<App["database"]["prisma"]["outboxMessage"]["findFirstOrThrow"]>>;

/** An outbox row as the dispatcher hands it to a composer. */
export function outboxItem(row: OutboxRow, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    kind: row.kind,
    subjectId: row.subjectId,
    recipientId: row.recipientId,
    address: row.platform && row.chatId ? { platform: row.platform, chatId: row.chatId } : null,
    dueAt: fromDb(row.dueAt),
    attempts: row.attempts,
    late: row.late,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    ...overrides,
  };
}

/**
 * Composes a row for its recipient (`caller` is how the recipient reaches the bot), as the outbox
 * dispatcher does: the composer of the row's kind, with a context in the recipient's language and zone.
 */
export async function composeFor(app: App, row: OutboxRow, caller: CallerKey, overrides: Partial<OutboxItem> = {}): Promise<Reply | null> {
  const composer = composers().find((candidate) => candidate.kind === row.kind);
  if (!composer) throw new Error(`no composer for ${row.kind}`);
  const actor = await app.dispatcher.resolve(caller);
  if (actor.member.id !== row.recipientId) throw new Error(`${caller.externalUserId} is not the row's recipient`);
  return composer.compose(outboxItem(row, overrides), app.dispatcher.contextFor(actor));
}
