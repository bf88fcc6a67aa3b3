import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/prisma/client.js";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/adapters/prisma/migrate.js";

const ARCHIVE = "20261129180000_archive_and_contact_numbers";
const ACME = "00000000-0000-0000-0000-0000000000a1";
const GLOBEX = "00000000-0000-0000-0000-0000000000a2";

describe("the archive-and-contact-numbers migration", () => {
  const dir = mkdtempSync(join(tmpdir(), "tl-contacts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("numbers existing contacts per workspace in the order they were made, and the counter carries on from there", async () => {
    for (const name of readdirSync(MIGRATIONS_DIR)) {
      if (name < ARCHIVE && !name.endsWith(".toml")) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    }
    const db = await openDatabase("pglite:memory");
    try {
      await applyMigrations(db.sql, dir);
      await db.sql.exec(`
        INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('${ACME}', 'Acme', 'UTC', 'en', 'USD'), ('${GLOBEX}', 'Globex', 'UTC', 'en', 'USD');
        INSERT INTO "Contact" (id, "workspaceId", name, "nameKey", "createdAt", "updatedAt") VALUES
          (gen_random_uuid(), '${ACME}', 'Second', 'second', '2026-11-02', '2026-11-02'),
          (gen_random_uuid(), '${ACME}', 'First', 'first', '2026-11-01', '2026-11-01'),
          (gen_random_uuid(), '${GLOBEX}', 'Only', 'only', '2026-11-03', '2026-11-03');`);
      expect(await applyMigrations(db.sql)).toContain(ARCHIVE);
      const contacts = await db.prisma.contact.findMany({ select: { name: true, number: true, archivedAt: true }, orderBy: { name: "asc" } });
      expect(contacts).toEqual([
        { name: "First", number: 1, archivedAt: null },
        { name: "Only", number: 1, archivedAt: null },
        { name: "Second", number: 2, archivedAt: null },
      ]);
      const workspaces = await db.prisma.workspace.findMany({ select: { name: true, contactSeq: true }, orderBy: { name: "asc" } });
      expect(workspaces).toEqual([
        { name: "Acme", contactSeq: 2 },
        { name: "Globex", contactSeq: 1 },
      ]);
    } finally {
      await db.close();
    }
  });
});
