import { DateTime } from "luxon";
import type { HomeInvoice, HomeRepo } from "../../domain/home/home.repo.js";
import type { CalendarDate } from "../../domain/invoices/invoice.js";
import type { Stage } from "../../domain/leads/lead.js";
import type { Db } from "./client.js";
import { fromDb, fromDbOrNull, toDb } from "./dates.js";
import { inParallel, reader } from "./tx.js";

const homeInvoiceSelect = {
  id: true,
  draftNumber: true,
  number: true,
  currency: true,
  totalMinor: true,
  paidMinor: true,
  dueDate: true,
  customer: { select: { name: true } },
  createdBy: { select: { id: true, displayName: true, handle: true } },
} as const;

type HomeInvoiceRow = {
  id: string;
  draftNumber: number;
  number: string | null;
  currency: string;
  totalMinor: bigint;
  paidMinor: bigint;
  dueDate: Date | null;
  customer: { name: string };
  createdBy: HomeInvoice["createdBy"];
};

function toHomeInvoice(row: HomeInvoiceRow): HomeInvoice {
  return {
    ...row,
    customer: row.customer.name,
    totalMinor: Number(row.totalMinor),
    paidMinor: Number(row.paidMinor),
    // A DATE column comes back as midnight UTC.
    dueDate: fromDbOrNull(row.dueDate)?.toISODate() ?? null,
  };
}

const dateToDb = (date: CalendarDate) => toDb(DateTime.fromISO(date, { zone: "utc" }));

/** The Home's reads: a count per stage and a handful of rows per list, each query scoped to its workspace. */
export function prismaHomeRepo(db: Db): HomeRepo {
  return {
    async openLeads(workspaceId, ownerId, stages, perStage) {
      const where = { workspaceId, ownerId, stage: { in: [...stages] } };
      const counts = await reader(db).lead.groupBy({ by: ["stage"], where, _count: { _all: true } });
      const present = stages.filter((stage) => counts.some((count) => count.stage === stage));
      const tops = await inParallel(
        ...present.map(
          (stage) => () =>
            reader(db).lead.findMany({
              where: { workspaceId, ownerId, stage },
              select: { id: true, number: true, title: true, valueMinor: true, currency: true },
              orderBy: [{ updatedAt: "desc" }, { number: "desc" }],
              take: perStage,
            }),
        ),
      );
      return present.map((stage: Stage, index) => ({
        stage,
        count: counts.find((count) => count.stage === stage)!._count._all,
        top: tops[index]!.map((row) => ({
          id: row.id,
          number: row.number,
          title: row.title,
          value: row.valueMinor !== null && row.currency ? { minor: Number(row.valueMinor), currency: row.currency } : null,
        })),
      }));
    },

    async openRounds(workspaceId, limit) {
      const rows = await reader(db).invoiceApproval.findMany({
        where: { workspaceId, decision: null, invoice: { workspaceId, state: "pending_approval" } },
        select: { id: true, submittedAt: true, invoice: { select: homeInvoiceSelect } },
        orderBy: { submittedAt: "asc" },
        take: limit,
      });
      return rows.map((row) => ({ roundId: row.id, submittedAt: fromDb(row.submittedAt), invoice: toHomeInvoice(row.invoice) }));
    },

    async overdueInvoices(workspaceId, creatorId, today, limit) {
      const where = { workspaceId, createdById: creatorId, state: { in: ["sent" as const, "partially_paid" as const] }, dueDate: { lt: dateToDb(today) } };
      const [rows, total] = await inParallel(
        () => reader(db).invoice.findMany({ where, select: homeInvoiceSelect, orderBy: [{ dueDate: "asc" }, { draftNumber: "asc" }], take: limit }),
        () => reader(db).invoice.count({ where }),
      );
      return { invoices: rows.map(toHomeInvoice), total };
    },
  };
}
