import type { App } from "../../src/app.js";
import type { PlatformLimits } from "../../src/adapters/outbox/rate-limit.js";
import type { Platform } from "../../src/domain/members/member.js";

const free: PlatformLimits = { platformIntervalMs: 0, chatIntervalMs: () => 0, retryAfterBlocks: "chat" };

/**
 * Outbox options for functional tests that talk machine-fast to an emulator with its limits off: no pacing
 * (a fixed clock never reaches a chat's next turn), replies as soon as they are written.
 */
export const unpacedOutbox = {
  rateLimits: { limits: { telegram: free, bale: free, slack: free, console: free } satisfies Record<Platform, PlatformLimits> },
  pollIntervalMs: 20,
};

/**
 * Resolves once every delivery the doors accepted has been worked and its reply has left the outbox: what
 * a user would wait for before reading the chat.
 */
export async function repliesSent(app: App, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await app.inbox.idle();
    const [waiting] = await app.database.sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "OutboxMessage" WHERE kind = 'reply' AND state IN ('pending', 'sending', 'uncertain')`,
    );
    if (waiting!.count === 0) {
      await app.inbox.idle();
      return;
    }
    if (Date.now() > until) throw new Error(`${waiting!.count} replies still in the outbox after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
