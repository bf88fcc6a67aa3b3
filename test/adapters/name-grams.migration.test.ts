import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/prisma/client.js";
import { prismaLeadRepo } from "../../src/adapters/prisma/lead.prisma-repo.js";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/adapters/prisma/migrate.js";
import { lookAlikeProbe } from "../../src/domain/contacts/near-duplicates.js";

const NAME_GRAMS = "20261202090000_name_grams";
const ACME = "00000000-0000-0000-0000-0000000000a1";
const PERSON = "00000000-0000-0000-0000-0000000000b1";
const MEMBER = "00000000-0000-0000-0000-0000000000b2";
const CONTACT = "00000000-0000-0000-0000-0000000000c1";

describe("the name-grams migration", () => {
  const dir = mkdtempSync(join(tmpdir(), "tl-grams-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the names already there their tokens, so their look-alikes are found as before", async () => {
    for (const name of readdirSync(MIGRATIONS_DIR)) {
      if (name < NAME_GRAMS && !name.endsWith(".toml")) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    }
    const db = await openDatabase("pglite:memory");
    try {
      await applyMigrations(db.sql, dir);
      // A lead with its key, and a contact from before the key (null: always a candidate until it is filled).
      await db.sql.exec(`
        INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('${ACME}', 'Acme', 'UTC', 'en', 'USD');
        INSERT INTO "Person" (id) VALUES ('${PERSON}');
        INSERT INTO "Member" (id, "workspaceId", "personId", "displayName", handle) VALUES ('${MEMBER}', '${ACME}', '${PERSON}', 'Anna', 'anna');
        INSERT INTO "Contact" (id, "workspaceId", number, name, "nameKey", "createdAt", "updatedAt")
          VALUES ('${CONTACT}', '${ACME}', 1, 'Globex Corporation', 'globex corporation', now(), now());
        INSERT INTO "Lead" (id, "workspaceId", number, title, "matchKey", "contactId", "ownerId", "createdAt", "updatedAt")
          VALUES (gen_random_uuid(), '${ACME}', 1, 'Globex Corporation', 'globexcorporation', '${CONTACT}', '${MEMBER}', now(), now());`);
      expect(await applyMigrations(db.sql)).toContain(NAME_GRAMS);
      const tokens = await db.sql.query<{ kind: string; gram: string }>(`SELECT kind, gram FROM "NameGram" ORDER BY kind, gram`);
      // "globexcorporation": 16 three-letter tokens (the last one padded) and "^glo"; the contact without a key: "".
      expect(tokens.filter((token) => token.kind === "lead").map((token) => token.gram)).toContain("on ");
      expect(tokens.filter((token) => token.kind === "lead")).toHaveLength(17);
      expect(tokens.filter((token) => token.kind === "contact")).toEqual([{ kind: "contact", gram: "" }]);
      const found = await prismaLeadRepo(db.prisma).lookAlikes(ACME, lookAlikeProbe("Globx Corporation"), 10);
      expect(found.leads.map((lead) => lead.name)).toEqual(["Globex Corporation"]);
      expect(found.contacts.map((contact) => contact.name)).toEqual(["Globex Corporation"]);
    } finally {
      await db.close();
    }
  });
});
