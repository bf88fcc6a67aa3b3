import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerCache, type CallerCache } from "../../src/adapters/prisma/caller-cache.js";
import { openDatabase, type Database } from "../../src/adapters/prisma/client.js";
import { prismaMemberRepo } from "../../src/adapters/prisma/member.prisma-repo.js";
import type { CallerKey, MemberRepo } from "../../src/domain/members/member.repo.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

const defaults = { timezone: "UTC", locale: "en", currency: "USD" };
const anna: CallerKey = { platform: "slack", externalWorkspaceId: "T0CACHE", externalChatId: "T0CACHE", externalUserId: "U0ANNA", displayName: "Anna" };
const postgres = engineUnderTest === "postgres";

async function eventually(check: () => Promise<boolean>, what: string, ms = 5_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe(`known callers kept in memory (${engineUnderTest})`, () => {
  let db: Database & { url: string };
  // On PostgreSQL the changes come from a second instance of its own; PGlite has one process.
  let other: Database;
  let cache: CallerCache;
  let members: MemberRepo;
  let stop: () => Promise<void>;
  let listening = false;

  beforeAll(async () => {
    db = await testDatabase();
    other = postgres ? await openDatabase(db.url) : db;
    cache = callerCache();
    stop = await db.listenToCallerChanges(cache.changed, (on) => {
      listening = on;
      cache.listening(on);
    });
    members = prismaMemberRepo(db.prisma, cache);
  });
  afterAll(async () => {
    await stop?.();
    if (postgres) await other?.close();
    await db?.close();
  });

  /**
   * Anna looked up once an earlier test's changes have all been told: each listening connection hears them in
   * its own time, and each empties the cache. Waits until two lookups in a row give the same kept object.
   */
  async function settledLookup() {
    let kept = await members.resolveCaller(anna, defaults);
    await eventually(async () => {
      const again = await members.resolveCaller(anna, defaults);
      const stable = again === kept;
      kept = again;
      return stable;
    }, "the cache settled");
    return kept;
  }

  it("answers a known caller from memory until a change to them is committed, by any instance", async () => {
    const first = await members.resolveCaller(anna, defaults); // first contact: created, not kept
    const looked = await members.resolveCaller(anna, defaults);
    expect(looked.member.role).toBe(first.member.role);
    expect(await members.resolveCaller(anna, defaults)).toBe(looked); // the same object: from memory

    // A record's counter moving is no change to a caller: what was kept stays.
    await other.sql.exec(`UPDATE "Workspace" SET "leadSeq" = "leadSeq" + 1`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await members.resolveCaller(anna, defaults)).toBe(looked);

    await other.sql.exec(`UPDATE "Member" SET role = 'member' WHERE "displayName" = 'Anna'`);
    await eventually(async () => (await members.resolveCaller(anna, defaults)).member.role === "member", "the new role seen");
    await other.sql.exec(`UPDATE "Workspace" SET currency = 'AMD'`);
    await eventually(async () => (await members.resolveCaller(anna, defaults)).workspace.currency === "AMD", "the new currency seen");
  });

  it("sees a change this instance committed at its very next lookup (read your own writes)", async () => {
    const kept = await settledLookup();
    expect(await members.resolveCaller(anna, defaults)).toBe(kept);
    for (const locale of ["fa", "hy", "en"]) {
      await db.prisma.member.updateMany({ where: { id: kept.member.id }, data: { locale } });
      expect((await members.resolveCaller(anna, defaults)).member.locale).toBe(locale);
      await db.prisma.$transaction(async (tx) => tx.workspace.update({ where: { id: kept.workspace.id }, data: { timezone: `Asia/${locale}` } }));
      expect((await members.resolveCaller(anna, defaults)).workspace.timezone).toBe(`Asia/${locale}`);
    }
  });

  it("keeps nothing a change overtook while it was being looked up", () => {
    const own = callerCache();
    own.listening(true);
    const actor = { member: { id: "m" }, workspace: { id: "w" } } as never;
    const since = own.generation();
    own.changed();
    own.keep("k", actor, since);
    expect(own.get("k")).toBeUndefined();
    own.keep("k", actor, own.generation());
    expect(own.get("k")).toEqual(actor);
    own.listening(false);
    expect(own.get("k")).toBeUndefined();
  });

  it.skipIf(!postgres)("keeps nothing while its listening connection is lost, and listens again by itself", async () => {
    const kept = await settledLookup();
    expect(await members.resolveCaller(anna, defaults)).toBe(kept);
    await other.sql.exec(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
    );
    await eventually(async () => !listening, "the loss noticed");
    expect(await members.resolveCaller(anna, defaults)).not.toBe(kept); // looked up, not from memory
    await eventually(async () => listening, "listening again");
    await other.sql.exec(`UPDATE "Member" SET "displayName" = 'Anna B' WHERE "displayName" = 'Anna'`);
    await eventually(async () => (await members.resolveCaller(anna, defaults)).member.displayName === "Anna B", "the change seen after listening again");
  });
});
