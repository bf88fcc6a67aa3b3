import type { DateTime } from "luxon";
import type { Lead, Stage } from "../../domain/leads/lead.js";
import type { LeadRepo } from "../../domain/leads/lead.repo.js";
import type { Db, Tx } from "./client.js";
import { fromDb, fromDbOrNull, toDb, toDbOrNull } from "./dates.js";
import { atomic, reader, inParallel } from "./tx.js";
import { activityTimeline, recordActivity } from "./activity.prisma-repo.js";

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
  contact: Lead["contact"];
  owner: Lead["owner"];
};

function toLead(row: LeadRow): Lead {
  return {
    ...row,
    value: row.valueMinor !== null && row.currency ? { minor: Number(row.valueMinor), currency: row.currency } : null,
    nextFollowUpAt: fromDbOrNull(row.nextFollowUpAt),
    createdAt: fromDb(row.createdAt),
    updatedAt: fromDb(row.updatedAt),
  };
}

export function prismaLeadRepo(db: Db): LeadRepo {
  return {
    async create(workspaceId, actorId, input, now) {
      return atomic(db, async (tx) => {
        const contact = await tx.contact.upsert({
          where: { workspaceId_nameKey: { workspaceId, nameKey: input.name.toLowerCase() } },
          create: { workspaceId, name: input.name, nameKey: input.name.toLowerCase(), email: input.email, phone: input.phone },
          // An existing contact keeps what it has; a new detail fills a blank.
          update: {},
          select: { id: true, email: true, phone: true },
        });
        if ((input.email && !contact.email) || (input.phone && !contact.phone)) {
          await tx.contact.update({
            where: { id: contact.id },
            data: { email: contact.email ?? input.email, phone: contact.phone ?? input.phone },
          });
        }
        // The row lock on the workspace serialises concurrent creates, so numbers have no gaps or twins.
        const { leadSeq } = await tx.workspace.update({
          where: { id: workspaceId },
          data: { leadSeq: { increment: 1 } },
          select: { leadSeq: true },
        });
        const row = await tx.lead.create({
          data: {
            workspaceId,
            number: leadSeq,
            title: input.name,
            contactId: contact.id,
            valueMinor: input.value ? BigInt(input.value.minor) : null,
            currency: input.value?.currency ?? null,
            ownerId: actorId,
            source: input.source,
            createdAt: toDb(now),
            updatedAt: toDb(now),
          },
          select: leadSelect,
        });
        await recordActivity(tx, {
          workspaceId,
          actorId,
          entity: "lead",
          entityId: row.id,
          action: "lead.created",
          changes: { value: [null, input.value], stage: [null, "new"] },
          at: now,
        });
        return toLead(row);
      });
    },

    async byNumber(workspaceId, number) {
      const row = await reader(db).lead.findUnique({ where: { workspaceId_number: { workspaceId, number } }, select: leadSelect });
      return row ? toLead(row) : null;
    },

    async list(workspaceId, filter, limit) {
      const where = {
        workspaceId,
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
