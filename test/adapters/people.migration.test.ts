import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/prisma/client.js";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/adapters/prisma/migrate.js";

const PEOPLE = "20261129100000_people_and_memberships";

describe("the people-and-memberships migration", () => {
  const dir = mkdtempSync(join(tmpdir(), "tl-people-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("turns each member into a person and moves its identities (linked ones too) to it, with no step by hand", async () => {
    // The history up to the migration before this one, with data in the old shape.
    for (const name of readdirSync(MIGRATIONS_DIR)) {
      if (name < PEOPLE && !name.endsWith(".toml")) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    }
    const db = await openDatabase("pglite:memory");
    try {
      await applyMigrations(db.sql, dir);
      await db.sql.exec(`
        INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Acme', 'UTC', 'en', 'USD');
        INSERT INTO "Member" (id, "workspaceId", "displayName", handle, role) VALUES
          ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', 'Anna', 'anna', 'owner'),
          ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000a1', 'Bob', 'bob', 'member');
        INSERT INTO "PlatformIdentity" (id, "workspaceId", "memberId", platform, "externalWorkspaceId", "externalUserId") VALUES
          (gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', 'slack', 'T1', 'U1'),
          (gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', 'telegram', 'bot', '42'),
          (gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b2', 'slack', 'T1', 'U2');`);
      expect(await applyMigrations(db.sql)).toContain(PEOPLE);
      const members = await db.prisma.member.findMany({ select: { handle: true, personId: true, kind: true }, orderBy: { handle: "asc" } });
      expect(members).toEqual([
        { handle: "anna", personId: "00000000-0000-0000-0000-0000000000b1", kind: "person" },
        { handle: "bob", personId: "00000000-0000-0000-0000-0000000000b2", kind: "person" },
      ]);
      const identities = await db.prisma.platformIdentity.findMany({ select: { externalUserId: true, personId: true }, orderBy: { externalUserId: "asc" } });
      expect(identities).toEqual([
        { externalUserId: "42", personId: "00000000-0000-0000-0000-0000000000b1" },
        { externalUserId: "U1", personId: "00000000-0000-0000-0000-0000000000b1" },
        { externalUserId: "U2", personId: "00000000-0000-0000-0000-0000000000b2" },
      ]);
    } finally {
      await db.close();
    }
  });
});
