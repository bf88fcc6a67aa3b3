import { buildApp, type AppOptions } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import type { Clock } from "../../src/domain/shared/clock.js";
import { createLogger } from "../../src/log.js";
import { testDatabase } from "./db.js";

/** The whole app on a fresh test database, with a fixed clock and quiet logs. */
export async function testApp(options: { clock?: Clock; env?: Record<string, string> } & Pick<AppOptions, "inbox" | "outbox"> = {}) {
  const database = await testDatabase();
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent", ...options.env });
  return buildApp(config, {
    database,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.inbox ? { inbox: options.inbox } : {}),
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });
}

/** A caller on the console platform; `user` distinguishes people in one chat space. */
export function consoleCaller(user = "anna", chat = "local"): CallerKey {
  return {
    platform: "console",
    externalWorkspaceId: "local",
    externalChatId: chat,
    externalUserId: user,
    displayName: user[0]!.toUpperCase() + user.slice(1),
    username: user,
    // As the console door says: one person's terminal, where link codes may be shown.
    directMessage: true,
  };
}
