import type { DateTime } from "luxon";
import { LOOK_ALIKE_SHIFT, normaliseName, type LookAlikeProbe } from "../../domain/contacts/near-duplicates.js";
import type { Lead, Stage } from "../../domain/leads/lead.js";
import type { LeadRepo } from "../../domain/leads/lead.repo.js";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Db, Tx } from "./client.js";
import { fromDb, fromDbOrNull, toDb, toDbOrNull } from "./dates.js";
import { numbersFor } from "./numbers.js";
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

/**
 * The NameGram tokens (see their migration) that every name the probe's rule can accept holds one of, as
 * [from, to) ranges: a token alone (to = the token and U+0001, since no token continues one), or every
 * token that starts with a 2-letter piece.
 * - A key equal to the probe's, or inside it (three letters or more): it starts where some three letters of
 *   the probe do ("^" and those letters); a key under three letters can only be equal ("=" and the key).
 * - A key holding the probe (three letters or more): it holds the probe's first three letters somewhere.
 * - A key within two typos: it holds one of the pieces whole, so the piece's first three letters, or, for a
 *   2-letter piece, a token that starts with it (the last letters' token is padded, so one at the end counts).
 * - A row without a key yet: "".
 */
export function lookAlikeTokens({ key, pieces }: LookAlikeProbe): Array<[string, string]> {
  const letters = [...key];
  const tokens = new Set([""]);
  if (letters.length < 3) tokens.add(`=${key}`);
  else tokens.add(letters.slice(0, 3).join(""));
  for (let i = 0; i + 3 <= letters.length; i++) tokens.add(`^${letters.slice(i, i + 3).join("")}`);
  const starts = new Set<string>();
  for (const { text } of pieces) {
    const piece = [...text];
    if (piece.length >= 3) tokens.add(piece.slice(0, 3).join(""));
    else starts.add(text);
  }
  return [...[...tokens].map((token): [string, string] => [token, `${token}\u0001`]), ...[...starts].map((start): [string, string] => [start, successor([...start])])];
}

/** The text after every text that starts with these letters, in code point (byte) order: the last one, plus one. */
function successor(letters: string[]): string {
  const next = letters.at(-1)!.codePointAt(0)! + 1;
  // Past the surrogates, which are no characters of their own.
  return letters.slice(0, -1).join("") + String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : Math.min(next, 0x10ffff));
}

/** Records past which one token is too common to look names up by (see `lookAlikes`). */
const CROWDED = 50;

type LookAlikeRow = { kind: "lead" | "contact" | "crowded"; id: string; number: number; name: string; key: string | null; contactId: string | null };

/** The table of each kind of record a name token points to (NameGram.kind). */
const tableOf = { lead: Prisma.raw(`"Lead"`), contact: Prisma.raw(`"Contact"`) } as const;

/**
 * One kind's part of a look-alike statement: its records among `rows` (a FROM list that names them `r`; the
 * workspace's whole table, or the token candidates each fetched by its key), kept to the workspace and tested
 * with the probe's rule, newest first. Needs the statement's `probe` row (k, n).
 */
function lookAlikesAmong(kind: "lead" | "contact", workspaceId: string, rows: Prisma.Sql, pieces: LookAlikeProbe["pieces"], limit: number) {
  const [name, contactId] = kind === "lead" ? [Prisma.sql`r.title`, Prisma.sql`r."contactId"`] : [Prisma.sql`r.name`, Prisma.sql`NULL::uuid`];
  return Prisma.sql`
    (SELECT ${kind}::text AS kind, r.id, r.number, ${name} AS name, r."matchKey" AS key, ${contactId} AS "contactId"
     FROM ${rows}, probe
     WHERE r."workspaceId" = ${workspaceId}::uuid AND r."archivedAt" IS NULL AND (${lookAlike(Prisma.sql`r."matchKey"`, pieces)})
     ORDER BY r.number DESC LIMIT ${limit})`;
}

function lookAlikesOf(rows: LookAlikeRow[]) {
  return {
    leads: rows.filter((row) => row.kind === "lead").map(({ id, number, name, key, contactId }) => ({ id, number, name, key, contactId: contactId! })),
    contacts: rows.filter((row) => row.kind === "contact").map(({ id, number, name, key }) => ({ id, number, name, key })),
  };
}

/** Leads still in use: lists, searches and reminders leave archived ones out. */
const inUse = { archivedAt: null } as const;

export function prismaLeadRepo(db: Db): LeadRepo {
  /**
   * Tokens found crowded, by workspace: a lookup with one of them tests every name at once. A token only gets
   * more common as names are added, and either way of looking finds the same names, so a stale entry (after
   * names were deleted, or written by another instance) costs time, never a wrong answer.
   */
  const crowdedTokens = new Set<string>();

  /** The probe's rule on every name of the workspace: the look-alike lookup for a crowded token. */
  function everyName(workspaceId: string, { key, pieces }: LookAlikeProbe, limit: number) {
    const every = (kind: "lead" | "contact") => Prisma.sql`${tableOf[kind]} r`;
    return rawSql<LookAlikeRow>(db, Prisma.sql`
      WITH probe AS (SELECT ${key}::text AS k, length(${key}::text) AS n)
      ${lookAlikesAmong("lead", workspaceId, every("lead"), pieces, limit)}
      UNION ALL
      ${lookAlikesAmong("contact", workspaceId, every("contact"), pieces, limit)}`);
  }

  return {
    /**
     * The hot path of `/lead add`, in one statement instead of six: upsert the contact (an existing one keeps
     * its details, a new detail fills a blank), insert the lead and its activity row, and read it back. The
     * lead's number (and the contact's, when it is new) is taken just before, apart from the transaction when
     * it can be (numbers.ts).
     */
    async create(workspaceId, actorId, input, now) {
      const at = toDb(now);
      const changes = JSON.stringify({ value: [null, input.value], stage: [null, "new"] });
      const nameKey = input.name.toLowerCase();
      const matchKey = normaliseName(input.name);
      // The contact number is taken only when the contact is new. Two creates of one new name at once may
      // both take one (the second then finds the contact): a gap in contact numbers, never a twin.
      const counter = Prisma.sql`
        UPDATE "Workspace" SET "leadSeq" = "leadSeq" + 1,
          "contactSeq" = "contactSeq" + CASE WHEN EXISTS (
            SELECT 1 FROM "Contact" WHERE "workspaceId" = ${workspaceId}::uuid AND "nameKey" = ${nameKey}) THEN 0 ELSE 1 END
        WHERE id = ${workspaceId}::uuid RETURNING "leadSeq", "contactSeq"`;
      const numbers = await numbersFor(db, counter);
      const rows = await rawSql<CreatedRow>(db, Prisma.sql`
        WITH w AS (${numbers}), c AS (
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
     * The candidates come from the name tokens' index (NameGram): the records that share a token with the
     * probe (see `lookAlikeTokens`), each then fetched by its key and tested with the probe's rule (see
     * `lookAlikeProbe`), so what comes back is what testing every name returns. A row without a key (written
     * by an instance older than the key) is always a candidate.
     *
     * A token many names share ("Studio" in every name, شرکت, "company", before most) would make that slower
     * than reading every name: past CROWDED records for one token the statement says so instead, the
     * workspace's names are tested one by one, as before the index, and the token is remembered as crowded.
     */
    async lookAlikes(workspaceId, probe, limit) {
      const ranges = lookAlikeTokens(probe);
      if (ranges.some(([from]) => crowdedTokens.has(`${workspaceId}\u0000${from}`))) return lookAlikesOf(await everyName(workspaceId, probe, limit));
      const { key, pieces } = probe;
      // The candidates of one kind, each fetched by its key (LATERAL ... LIMIT 1: one index lookup per candidate).
      // The workspace is checked outside the LIMIT, where the planner cannot use it to pick an index: a generic
      // plan made while the table was small chose (workspaceId, number) over the key, and then read every
      // contact of the workspace for each candidate (11 ms a lookup at 5,000 contacts, issue 12).
      const fetched = (kind: "lead" | "contact") => Prisma.sql`(SELECT "recordId" FROM cand WHERE kind = ${kind}) c CROSS JOIN LATERAL (
           SELECT * FROM ${tableOf[kind]} x WHERE x.id = c."recordId" LIMIT 1) r`;
      // The plan is fixed by the statement's shape, whatever the tables' sizes were when PostgreSQL prepared it:
      // MATERIALIZED and LIMIT keep each part apart, so the tokens are looked up first, each in the index,
      // then each record by its key. Left to itself (or to a generic plan made while the tables were small)
      // the planner reads every row of the workspace instead, as it did with a trigram index.
      const rows = await rawSql<LookAlikeRow>(db, Prisma.sql`
        WITH probe AS (SELECT ${key}::text AS k, length(${key}::text) AS n),
        hits AS MATERIALIZED (
          SELECT r.lo, g.kind, g."recordId"
          FROM unnest(${ranges.map(([from]) => from)}::text[], ${ranges.map(([, to]) => to)}::text[]) AS r(lo, hi)
          CROSS JOIN LATERAL (
            SELECT kind, "recordId" FROM "NameGram" WHERE "workspaceId" = ${workspaceId}::uuid AND gram >= r.lo AND gram < r.hi LIMIT ${CROWDED}) g
        ),
        crowded AS MATERIALIZED (SELECT lo FROM hits GROUP BY lo HAVING count(*) >= ${CROWDED}),
        cand AS MATERIALIZED (SELECT DISTINCT kind, "recordId" FROM hits WHERE NOT EXISTS (SELECT 1 FROM crowded))
        (SELECT 'crowded' AS kind, NULL::uuid AS id, NULL::int AS number, lo AS name, NULL::text AS key, NULL::uuid AS "contactId" FROM crowded)
        UNION ALL
        ${lookAlikesAmong("lead", workspaceId, fetched("lead"), pieces, limit)}
        UNION ALL
        ${lookAlikesAmong("contact", workspaceId, fetched("contact"), pieces, limit)}`);
      const crowded = rows.filter((row) => row.kind === "crowded");
      if (!crowded.length) return lookAlikesOf(rows);
      // Past the bound, forgetting costs one capped lookup per token found crowded again.
      if (crowdedTokens.size > 10_000) crowdedTokens.clear();
      for (const row of crowded) crowdedTokens.add(`${workspaceId}\u0000${row.name}`);
      return lookAlikesOf(await everyName(workspaceId, probe, limit));
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
