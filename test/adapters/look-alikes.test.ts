import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/prisma/client.js";
import { fillMatchKeys } from "../../src/adapters/prisma/fill-match-keys.js";
import { prismaLeadRepo } from "../../src/adapters/prisma/lead.prisma-repo.js";
import { lookAlikeProbe, nearDuplicates } from "../../src/domain/contacts/near-duplicates.js";
import { engineUnderTest, testDatabase } from "../support/db.js";

const WORKSPACE = "00000000-0000-0000-0000-00000000c0de";
const OTHER = "00000000-0000-0000-0000-00000000beef";
const PERSON = "00000000-0000-0000-0000-0000000000b1";
const MEMBER = "00000000-0000-0000-0000-0000000000b2";
const NOW = DateTime.fromISO("2026-11-29T10:00:00Z");
const OTHER_ROOM = "00000000-0000-0000-0000-00000000d00d";
const MEMBER_TOO = "00000000-0000-0000-0000-0000000000b3";
const CROWD = "00000000-0000-0000-0000-00000000e00e";
const MEMBER_CROWD = "00000000-0000-0000-0000-0000000000b4";

// Names people type, with their look-alikes among them: typos, case, punctuation, Persian and Arabic letters,
// Armenian, names inside names, and many that look like nothing else.
const NAMES = [
  "Acme Corp", "ACME", "acme corporation", "Globex Corporation", "Globex Corportion", "Initech", "Initek",
  "Umbrella Inc", "Umbrela Inc", "Stark Industries", "Wayne Enterprises", "Hooli", "Pied Piper", "Aviato",
  "شرکت آریا", "شركت آريا", "بازرگانی پارس", "فروشگاه ها", "موسسه نور", "Արարատ ՍՊԸ", "Երեւան Մոլլ", "Շիրակ",
  "Vandelay Industries", "Kramerica", "Dunder Mifflin", "Dunder Mifflin Paper", "Sabre", "Bluth Company",
  ...["Northwind", "Silver", "Harbor", "Cedar", "Atlas", "Copper", "Maple", "Orion"].flatMap((first) =>
    ["Traders", "Studio", "Logistics", "Dental", "Bakery", "Legal", "Media", "Builders"].map((second) => `${first} ${second}`)),
];
const PROBES = [...NAMES, "Acme", "Globx Corporation", "Stark Indstries", "مؤسسه نور", "Երևան Մոլլ", "Ac", "Zzyzx", "Cedar Studios", "maple-bakery", "Orion"];

describe(`look-alike names found in SQL (${engineUnderTest})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
    await db.sql.exec(`
      INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('${WORKSPACE}', 'Studio', 'UTC', 'en', 'USD'), ('${OTHER}', 'Other', 'UTC', 'en', 'USD');
      INSERT INTO "Person" (id) VALUES ('${PERSON}');
      INSERT INTO "Member" (id, "workspaceId", "personId", "displayName", handle) VALUES ('${MEMBER}', '${WORKSPACE}', '${PERSON}', 'Anna', 'anna');
      INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('${OTHER_ROOM}', 'Room', 'UTC', 'en', 'USD');
      INSERT INTO "Member" (id, "workspaceId", "personId", "displayName", handle) VALUES ('${MEMBER_TOO}', '${OTHER_ROOM}', '${PERSON}', 'Anna', 'anna');`);
    const leads = prismaLeadRepo(db.prisma);
    for (const name of NAMES) await leads.create(WORKSPACE, MEMBER, { name, value: null, email: null, phone: null, source: null }, NOW);
  });
  afterAll(() => db?.close());

  it("returns every lead and contact the rule accepts, as reading every name did, and far fewer rows", async () => {
    const leads = prismaLeadRepo(db.prisma);
    const everyLead = await db.prisma.lead.findMany({ where: { workspaceId: WORKSPACE }, select: { number: true, title: true }, orderBy: { number: "desc" } });
    const everyContact = await db.prisma.contact.findMany({ where: { workspaceId: WORKSPACE }, select: { number: true, name: true }, orderBy: { number: "desc" } });
    let returned = 0;
    for (const probe of PROBES) {
      const found = await leads.lookAlikes(WORKSPACE, lookAlikeProbe(probe), 200);
      returned += found.leads.length + found.contacts.length;
      const leadNumbers = (rows: Array<{ number: number }>) => rows.map((row) => row.number);
      expect(leadNumbers(nearDuplicates(probe, found.leads)), probe).toEqual(
        leadNumbers(nearDuplicates(probe, everyLead.map((lead) => ({ number: lead.number, name: lead.title })))),
      );
      expect(leadNumbers(nearDuplicates(probe, found.contacts)), probe).toEqual(leadNumbers(nearDuplicates(probe, everyContact)));
    }
    // The filter is a superset, not everything: on average about a tenth of the workspace comes back here.
    expect(returned / PROBES.length).toBeLessThan((everyLead.length + everyContact.length) / 8);
    expect(await leads.lookAlikes(OTHER, lookAlikeProbe("Acme Corp"), 200)).toEqual({ leads: [], contacts: [] });
  });

  it("fills the key of rows written before it existed, and then finds them", async () => {
    await db.sql.exec(`UPDATE "Lead" SET "matchKey" = NULL WHERE title = 'Hooli'; UPDATE "Contact" SET "matchKey" = NULL WHERE name = 'Hooli';`);
    const leads = prismaLeadRepo(db.prisma);
    // A row without a key is always a candidate, so it is found even before it is filled.
    expect((await leads.lookAlikes(WORKSPACE, lookAlikeProbe("Zzyzx"), 200)).leads.map((lead) => lead.name)).toEqual(["Hooli"]);
    expect(await fillMatchKeys(db.sql)).toBe(2);
    expect(await fillMatchKeys(db.sql)).toBe(0);
    expect((await leads.lookAlikes(WORKSPACE, lookAlikeProbe("Zzyzx"), 200)).leads).toEqual([]);
    expect((await leads.lookAlikes(WORKSPACE, lookAlikeProbe("hooli!"), 200)).leads.map((lead) => lead.name)).toEqual(["Hooli"]);
  });

  it("finds the same look-alikes when a token is in most names (the crowded case: every name tested instead)", async () => {
    const leads = prismaLeadRepo(db.prisma);
    await db.sql.exec(`
      INSERT INTO "Workspace" (id, name, timezone, locale, currency) VALUES ('${CROWD}', 'Crowd', 'UTC', 'en', 'USD');
      INSERT INTO "Member" (id, "workspaceId", "personId", "displayName", handle) VALUES ('${MEMBER_CROWD}', '${CROWD}', '${PERSON}', 'Anna', 'anna');`);
    const names = Array.from({ length: 110 }, (_, i) => `Harbor Studio ${i + 1}`);
    for (const name of names) await leads.create(CROWD, MEMBER_CROWD, { name, value: null, email: null, phone: null, source: null }, NOW);
    // More records hold "har" than the lookup takes for one token (50): the statement falls back to every name.
    const holding = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "NameGram" WHERE "workspaceId" = $1 AND gram = 'har'`, [CROWD]);
    expect(holding[0]!.n).toBeGreaterThan(50);
    for (const probe of ["Harbor Studio 7", "Harbr Studio 12", "harbor-studio", "Zzyzx"]) {
      const found = await leads.lookAlikes(CROWD, lookAlikeProbe(probe), 200);
      const everyNumber = names.map((name, i) => ({ number: i + 1, name })).reverse();
      expect(nearDuplicates(probe, found.leads).map((lead) => lead.number), probe).toEqual(nearDuplicates(probe, everyNumber).map((lead) => lead.number));
    }
  });

  it("keeps a name's tokens with the name: renamed, it is found by its new name only; deleted, it leaves none", async () => {
    const leads = prismaLeadRepo(db.prisma);
    const lead = await leads.create(OTHER_ROOM, MEMBER_TOO, { name: "Brightwater Farms", value: null, email: null, phone: null, source: null }, NOW);
    const names = async (probe: string) => (await leads.lookAlikes(OTHER_ROOM, lookAlikeProbe(probe), 200)).leads.map((found) => found.name);
    expect(await names("Brightwater")).toEqual(["Brightwater Farms"]);
    await leads.edit(OTHER_ROOM, lead.id, MEMBER_TOO, { title: "Quillfeather Press" }, NOW);
    expect(await names("Brightwater")).toEqual([]);
    expect(await names("Quilfeather Press")).toEqual(["Quillfeather Press"]);
    // The lead's new key "quillfeatherpress": 16 three-letter tokens (the last one padded) and "^qui"; its
    // contact keeps the old name, "brightwaterfarms": 15 and "^bri". None of the old lead's are left.
    const tokens = async () => (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "NameGram" WHERE "workspaceId" = $1`, [OTHER_ROOM]))[0]!.n;
    expect(await tokens()).toBe(17 + 16);
    await db.sql.exec(`DELETE FROM "Workspace" WHERE id = '${OTHER_ROOM}'`);
    expect(await tokens()).toBe(0);
  });
});
