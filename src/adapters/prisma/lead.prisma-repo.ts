import type { DateTime } from "luxon";
import { LOOK_ALIKE_SHIFT, normaliseName, type LookAlikeProbe } from "../../domain/contacts/near-duplicates.js";
import type { Lead, Stage } from "../../domain/leads/lead.js";
import type { LeadRepo } from "../../domain/leads/lead.repo.js";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Db, Tx } from "./client.js";
import { fromDb, fromDbOrNull, toDb, toDbOrNull } from "./dates.js";
import { atomic, inParallel, rawSql, reader } from "./tx.js";
import { activityTimeline, recordActivity } from "./activity.prisma-repo.js";
import { flipArchived } from "./archive.prisma-repo.js";

const leadSelect = {
  id: true,
  workspaceId: true,
  number: true,
  title: true,
  valueMinor: true,
  currency: true,
  stage: true,
  source: true,
  nextFollowUpAt: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  contact: { select: { id: true, name: true, email: true, phone: true } },
  owner: { select: { id: true, displayName: true, handle: true } },
} as const;

type LeadRow = {
  id: string;
  workspaceId: string;
  number: number;
  title: string;
  valueMinor: bigint | null;
  currency: string | null;
  stage: Stage;
  source: string | null;
  nextFollowUpAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  contact: Lead["contact"];
  owner: Lead["owner"];
};

type CreatedRow = {
  id: string;
  number: number;
  stage: Stage;
  contactId: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  ownerName: string;
  ownerHandle: string;
};

function toLead(row: LeadRow): Lead {
  return {
    ...row,
    value: row.valueMinor !== null && row.currency ? { minor: Number(row.valueMinor), currency: row.currency } : null,
    nextFollowUpAt: fromDbOrNull(row.nextFollowUpAt),
    createdAt: fromDb(row.createdAt),
    updatedAt: fromDb(row.updatedAt),
    archivedAt: fromDbOrNull(row.archivedAt),
  };
}

/**
 * The SQL form of `lookAlikeProbe`'s filter on a stored key `m`, against the `probe` row (k, n) and the pieces.
 * Each piece is its own condition, not a subquery over them: the filter runs on every name of the workspace
 * that is not found sooner, and a subquery per name cost several times the rest of the test.
 */
const lookAlike = (m: Prisma.Sql, pieces: LookAlikeProbe["pieces"]) => {
  const near = pieces.map(({ text, start }) => {
    const from = Math.max(1, start - LOOK_ALIKE_SHIFT);
    return Prisma.sql`strpos(substr(${m}, ${from}::int, ${[...text].length + LOOK_ALIKE_SHIFT + start - from}::int), ${text}::text) > 0`;
  });
  return Prisma.sql`
  ${m} IS NULL OR ${m} = probe.k
  OR (probe.n >= 3 AND strpos(${m}, probe.k) > 0)
  OR (length(${m}) >= 3 AND strpos(probe.k, ${m}) > 0)${
    near.length ? Prisma.sql`
  OR (length(${m}) >= 6 AND abs(length(${m}) - probe.n) <= ${LOOK_ALIKE_SHIFT} AND (${Prisma.join(near, " OR ")}))` : Prisma.empty
  }`;
};

/** Leads still in use: lists, searches and reminders leave archived ones out. */
const inUse = { archivedAt: null } as const;

export function prismaLeadRepo(db: Db): LeadRepo {
  return {
    /**
     * The hot path of `/lead add`, in one statement instead of six: upsert the contact (an existing one keeps
     * its details, a new detail fills a blank), take the next lead number under the workspace's row lock (so
     * concurrent creates get no gaps or twins), insert the lead and its activity row, and read it back.
     */
    async create(workspaceId, actorId, input, now) {
      const at = toDb(now);
      const changes = JSON.stringify({ value: [null, input.value], stage: [null, "new"] });
      const nameKey = input.name.toLowerCase();
      const matchKey = normaliseName(input.name);
      // The contact number is taken only when the contact is new. Two creates of one new name at once may
      // both take one (the second then finds the contact): a gap in contact numbers, never a twin.
      const rows = await rawSql<CreatedRow>(db, Prisma.sql`
        WITH w AS (
          UPDATE "Workspace" SET "leadSeq" = "leadSeq" + 1,
            "contactSeq" = "contactSeq" + CASE WHEN EXISTS (
              SELECT 1 FROM "Contact" WHERE "workspaceId" = ${workspaceId}::uuid AND "nameKey" = ${nameKey}) THEN 0 ELSE 1 END
          WHERE id = ${workspaceId}::uuid RETURNING "leadSeq", "contactSeq"
        ), c AS (
          INSERT INTO "Contact" (id, "workspaceId", number, name, "nameKey", "matchKey", email, phone, "createdAt", "updatedAt")
          SELECT gen_random_uuid(), ${workspaceId}::uuid, w."contactSeq", ${input.name}, ${nameKey}, ${matchKey}, ${input.email ?? null}, ${input.phone ?? null}, ${at}, ${at} FROM w
          ON CONFLICT ("workspaceId", "nameKey") DO UPDATE
            SET email = COALESCE("Contact".email, EXCLUDED.email), phone = COALESCE("Contact".phone, EXCLUDED.phone), "archivedAt" = NULL
          RETURNING id, name, email, phone
        ), l AS (
          INSERT INTO "Lead" (id, "workspaceId", number, title, "matchKey", "contactId", "valueMinor", currency, "ownerId", source, "createdAt", "updatedAt")
          SELECT gen_random_uuid(), ${workspaceId}::uuid, w."leadSeq", ${input.name}, ${matchKey}, c.id, ${input.value ? BigInt(input.value.minor) : null}::bigint,
                 ${input.value?.currency ?? null}, ${actorId}::uuid, ${input.source ?? null}, ${at}, ${at}
          FROM w, c
          RETURNING id, number, stage::text AS stage
        ), a AS (
          INSERT INTO "Activity" (id, "workspaceId", "actorId", entity, "entityId", action, changes, at)
          SELECT gen_random_uuid(), ${workspaceId}::uuid, ${actorId}::uuid, 'lead', l.id, 'lead.created', ${changes}::jsonb, ${at} FROM l
        )
        SELECT l.id, l.number, l.stage, c.id AS "contactId", c.name AS "contactName", c.email AS "contactEmail", c.phone AS "contactPhone",
               m."displayName" AS "ownerName", m.handle AS "ownerHandle"
        FROM l, c, "Member" m WHERE m.id = ${actorId}::uuid AND m."workspaceId" = ${workspaceId}::uuid`);
      const row = rows[0]!;
      return {
        id: row.id,
        workspaceId,
        number: row.number,
        title: input.name,
        value: input.value ? { minor: input.value.minor, currency: input.value.currency } : null,
        stage: row.stage,
        source: input.source ?? null,
        nextFollowUpAt: null,
        createdAt: now,
        updatedAt: now,
        archivedAt: null,
        contact: { id: row.contactId, name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
        owner: { id: actorId, displayName: row.ownerName, handle: row.ownerHandle },
      };
    },

    async byNumber(workspaceId, number) {
      const row = await reader(db).lead.findUnique({ where: { workspaceId_number: { workspaceId, number } }, select: leadSelect });
      return row ? toLead(row) : null;
    },

    async byId(workspaceId, id) {
      const row = await reader(db).lead.findFirst({ where: { id, workspaceId }, select: leadSelect });
      return row ? toLead(row) : null;
    },

    async list(workspaceId, filter, limit) {
      const where = {
        workspaceId,
        ...inUse,
        ...(filter.contactId ? { contactId: filter.contactId } : {}),
        ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
        ...(filter.stages ? { stage: { in: [...filter.stages] } } : {}),
      };
      const [rows, total] = await inParallel(
        () => reader(db).lead.findMany({ where, select: leadSelect, orderBy: { number: "asc" }, take: limit }),
        () => reader(db).lead.count({ where }),
      );
      return { leads: rows.map(toLead), total };
    },

    async search(workspaceId, text, limit) {
      const contains = { contains: text, mode: "insensitive" as const };
      const rows = await reader(db).lead.findMany({
        where: {
          workspaceId,
          ...inUse,
          OR: [
            { title: contains },
            { contact: { name: contains } },
            { contact: { email: contains } },
            { contact: { phone: contains } },
            { notes: { some: { body: contains } } },
          ],
        },
        select: leadSelect,
        orderBy: { number: "asc" },
        take: limit,
      });
      return rows.map(toLead);
    },

    async update(workspaceId, leadId, actorId, patch, now) {
      return atomic(db, async (tx) => {
        const before = await tx.lead.findFirstOrThrow({ where: { id: leadId, workspaceId }, select: leadSelect });
        const row = await tx.lead.update({
          where: { id: leadId, workspaceId },
          data: {
            ...(patch.stage ? { stage: patch.stage } : {}),
            ...(patch.ownerId ? { ownerId: patch.ownerId } : {}),
            ...(patch.nextFollowUpAt !== undefined ? { nextFollowUpAt: toDbOrNull(patch.nextFollowUpAt) } : {}),
            updatedAt: toDb(now),
          },
          select: leadSelect,
        });
        const changes: Record<string, [unknown, unknown]> = {};
        if (patch.stage && before.stage !== row.stage) changes.stage = [before.stage, row.stage];
        if (patch.ownerId && before.owner.id !== row.owner.id) changes.owner = [before.owner.handle, row.owner.handle];
        if (patch.nextFollowUpAt !== undefined) {
          changes.nextFollowUpAt = [before.nextFollowUpAt?.toISOString() ?? null, row.nextFollowUpAt?.toISOString() ?? null];
        }
        const action = changes.stage ? "lead.stage" : changes.owner ? "lead.owner" : "lead.followup";
        await recordActivity(tx, { workspaceId, actorId, entity: "lead", entityId: leadId, action, changes, at: now });
        return toLead(row);
      });
    },

    async edit(workspaceId, leadId, actorId, patch, now) {
      return atomic(db, async (tx) => {
        const before = toLead(await tx.lead.findFirstOrThrow({ where: { id: leadId, workspaceId }, select: leadSelect }));
        const contact = patch.email !== undefined || patch.phone !== undefined;
        if (contact) {
          await tx.contact.updateMany({
            where: { id: before.contact.id, workspaceId },
            data: { ...(patch.email !== undefined ? { email: patch.email } : {}), ...(patch.phone !== undefined ? { phone: patch.phone } : {}), updatedAt: toDb(now) },
          });
        }
        const row = await tx.lead.update({
          where: { id: leadId, workspaceId },
          data: {
            ...(patch.title !== undefined ? { title: patch.title, matchKey: normaliseName(patch.title) } : {}),
            ...(patch.value !== undefined ? { valueMinor: patch.value ? BigInt(patch.value.minor) : null, currency: patch.value?.currency ?? null } : {}),
            updatedAt: toDb(now),
          },
          select: leadSelect,
        });
        const changes: Record<string, [unknown, unknown]> = {};
        if (patch.title !== undefined) changes.name = [before.title, patch.title];
        if (patch.value !== undefined) changes.value = [before.value, patch.value];
        if (patch.email !== undefined) changes.email = [before.contact.email, patch.email];
        if (patch.phone !== undefined) changes.phone = [before.contact.phone, patch.phone];
        await recordActivity(tx, { workspaceId, actorId, entity: "lead", entityId: leadId, action: "lead.edited", changes, at: now });
        return toLead(row);
      });
    },

    async setArchived(workspaceId, leadId, actorId, { archived, reminder }, now) {
      return atomic(db, async (tx) => {
        // An archived lead reminds nobody; its follow-up comes back with it.
        const flipped = await flipArchived(tx, { entity: "lead", workspaceId, id: leadId, reminderKinds: ["lead.followup"] }, { actorId, archived, reminder, now });
        return flipped ? toLead(await tx.lead.findFirstOrThrow({ where: { id: leadId, workspaceId }, select: leadSelect })) : null;
      });
    },

    /**
     * One statement for both kinds, filtered in the database by the probe's rule (see `lookAlikeProbe`), so a
     * workspace with thousands of leads sends back the few that might match instead of every name. A row
     * without a key (written by an instance older than the key) is always a candidate.
     */
    async lookAlikes(workspaceId, { key, pieces }, limit) {
      const rows = await rawSql<{ kind: "lead" | "contact"; id: string; number: number; name: string; key: string | null; contactId: string | null }>(db, Prisma.sql`
        WITH probe AS (SELECT ${key}::text AS k, length(${key}::text) AS n)
        (SELECT 'lead' AS kind, l.id, l.number, l.title AS name, l."matchKey" AS key, l."contactId"
         FROM "Lead" l, probe
         WHERE l."workspaceId" = ${workspaceId}::uuid AND l."archivedAt" IS NULL AND (${lookAlike(Prisma.sql`l."matchKey"`, pieces)})
         ORDER BY l.number DESC LIMIT ${limit})
        UNION ALL
        (SELECT 'contact' AS kind, c.id, c.number, c.name, c."matchKey" AS key, NULL AS "contactId"
         FROM "Contact" c, probe
         WHERE c."workspaceId" = ${workspaceId}::uuid AND c."archivedAt" IS NULL AND (${lookAlike(Prisma.sql`c."matchKey"`, pieces)})
         ORDER BY c.number DESC LIMIT ${limit})`);
      return {
        leads: rows.filter((row) => row.kind === "lead").map(({ id, number, name, key, contactId }) => ({ id, number, name, key, contactId: contactId! })),
        contacts: rows.filter((row) => row.kind === "contact").map(({ id, number, name, key }) => ({ id, number, name, key })),
      };
    },

    async addNote(workspaceId, leadId, actorId, body, now) {
      await atomic(db, async (tx) => {
        await tx.note.create({ data: { workspaceId, leadId, authorId: actorId, body, createdAt: toDb(now) } });
        await tx.lead.update({ where: { id: leadId, workspaceId }, data: { updatedAt: toDb(now) } });
        await recordActivity(tx, {
          workspaceId,
          actorId,
          entity: "lead",
          entityId: leadId,
          action: "lead.note",
          changes: { note: [null, body] },
          at: now,
        });
      });
    },

    timeline: (workspaceId, leadId, limit) => activityTimeline(db, workspaceId, "lead", leadId, limit),
  };
}
