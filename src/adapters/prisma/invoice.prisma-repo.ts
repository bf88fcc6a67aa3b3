import { DateTime } from "luxon";
import type { ApprovalRound, CalendarDate, Invoice, InvoiceRef } from "../../domain/invoices/invoice.js";
import { formatInvoiceNumber } from "../../domain/invoices/invoice.js";
import type { InvoiceRepo, PdfPost } from "../../domain/invoices/invoice.repo.js";
import type { InvoiceState } from "../../domain/invoices/invoice.states.js";
import { computeTotals, type Discount } from "../../domain/invoices/invoice.totals.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { Db, Tx } from "./client.js";
import { fromDb, fromDbOrNull, toDb } from "./dates.js";
import { contactNamed } from "./contact.prisma-repo.js";
import { activityTimeline, recordActivity } from "./activity.prisma-repo.js";
import { cancelPending, enqueue } from "./outbox.prisma-repo.js";
import { atomic, reader, inParallel } from "./tx.js";

const memberRef = { select: { id: true, displayName: true, handle: true } } as const;

const invoiceSelect = {
  id: true,
  workspaceId: true,
  draftNumber: true,
  number: true,
  state: true,
  leadId: true,
  currency: true,
  locale: true,
  discountMinor: true,
  discountRate: true,
  taxRates: true,
  paidMinor: true,
  issueDate: true,
  dueDate: true,
  netDays: true,
  notes: true,
  voidReason: true,
  createdAt: true,
  updatedAt: true,
  customer: { select: { id: true, name: true } },
  createdBy: memberRef,
  lines: { select: { description: true, quantityMilli: true, unitPriceMinor: true, amountMinor: true }, orderBy: { position: "asc" } },
} as const;

type InvoiceRow = {
  id: string;
  workspaceId: string;
  draftNumber: number;
  number: string | null;
  state: InvoiceState;
  leadId: string | null;
  currency: string;
  locale: string;
  discountMinor: bigint | null;
  discountRate: number | null;
  taxRates: number[];
  paidMinor: bigint;
  issueDate: Date | null;
  dueDate: Date | null;
  netDays: number | null;
  notes: string | null;
  voidReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  customer: { id: string; name: string };
  createdBy: Invoice["createdBy"];
  lines: { description: string; quantityMilli: bigint; unitPriceMinor: bigint; amountMinor: bigint }[];
};

const roundSelect = {
  id: true,
  invoiceId: true,
  submittedAt: true,
  decision: true,
  decidedAt: true,
  reason: true,
  submittedBy: memberRef,
  decidedBy: memberRef,
} as const;

type RoundRow = {
  id: string;
  invoiceId: string;
  submittedAt: Date;
  decision: string | null;
  decidedAt: Date | null;
  reason: string | null;
  submittedBy: ApprovalRound["submittedBy"];
  decidedBy: ApprovalRound["decidedBy"];
};

// Calendar dates live in DATE columns, which Prisma hands over as midnight UTC.
const dateToDb = (date: CalendarDate) => toDb(DateTime.fromISO(date, { zone: "utc" }));
const dateFromDb = (date: Date | null): CalendarDate | null => fromDbOrNull(date)?.toISODate() ?? null;

function toInvoice(row: InvoiceRow): Invoice {
  const lines = row.lines.map((line) => ({
    description: line.description,
    quantityMilli: Number(line.quantityMilli),
    unitPriceMinor: Number(line.unitPriceMinor),
    amountMinor: Number(line.amountMinor),
  }));
  const discount: Discount | null =
    row.discountMinor !== null
      ? { kind: "amount", minor: Number(row.discountMinor) }
      : row.discountRate !== null
        ? { kind: "rate", rate: row.discountRate }
        : null;
  const { discountMinor: _m, discountRate: _r, issueDate, dueDate, createdAt, updatedAt, paidMinor, ...rest } = row;
  return {
    ...rest,
    lines,
    discount,
    // Recomputed by the one rule rather than read back, so what is shown is what the domain says.
    totals: computeTotals(lines, discount, row.taxRates),
    paidMinor: Number(paidMinor),
    issueDate: dateFromDb(issueDate),
    dueDate: dateFromDb(dueDate),
    createdAt: fromDb(createdAt),
    updatedAt: fromDb(updatedAt),
  };
}

function toRound(row: RoundRow): ApprovalRound {
  return {
    ...row,
    decision: row.decision === "approved" || row.decision === "rejected" ? row.decision : null,
    submittedAt: fromDb(row.submittedAt),
    decidedAt: fromDbOrNull(row.decidedAt),
  };
}

/** The columns a draft's content is written to. */
function contentData(content: Parameters<InvoiceRepo["editDraft"]>[3]) {
  return {
    currency: content.currency,
    discountMinor: content.discount?.kind === "amount" ? BigInt(content.discount.minor) : null,
    discountRate: content.discount?.kind === "rate" ? content.discount.rate : null,
    taxRates: content.taxRates,
    subtotalMinor: BigInt(content.totals.subtotal),
    discountTotal: BigInt(content.totals.discount),
    taxTotal: BigInt(content.totals.tax),
    totalMinor: BigInt(content.totals.total),
    dueDate: content.dueDate ? dateToDb(content.dueDate) : null,
    netDays: content.netDays,
    notes: content.notes,
  };
}

function lineRows(workspaceId: string, invoiceId: string, lines: Invoice["lines"]) {
  return lines.map((line, position) => ({
    workspaceId,
    invoiceId,
    position,
    description: line.description,
    quantityMilli: BigInt(line.quantityMilli),
    unitPriceMinor: BigInt(line.unitPriceMinor),
    amountMinor: BigInt(line.amountMinor),
  }));
}

/**
 * The next INV number of a workspace's year. The upsert takes the counter row's lock and holds it until the
 * approving transaction ends: concurrent approvals queue behind it, and if this transaction rolls back, the
 * increment does too, so the next approval gets the same number and no gap appears.
 */
async function nextNumber(tx: Tx, workspaceId: string, issueDate: CalendarDate): Promise<string> {
  const year = Number(issueDate.slice(0, 4));
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "InvoiceCounter" ("workspaceId", "year", "last") VALUES (${workspaceId}::uuid, ${year}, 1)
    ON CONFLICT ("workspaceId", "year") DO UPDATE SET "last" = "InvoiceCounter"."last" + 1
    RETURNING "last"`;
  return formatInvoiceNumber(year, Number(row!.last));
}

export function prismaInvoiceRepo(db: Db): InvoiceRepo {
  const find = async (tx: Tx, workspaceId: string, id: string) =>
    toInvoice(await tx.invoice.findFirstOrThrow({ where: { id, workspaceId }, select: invoiceSelect }));

  /**
 * Queues an edit of every copy of the round's request that was posted (each approver's DM, the approvals
 * chat), to show the decision without buttons, in its reader's language and zone. Rows of their own
 * ("invoice.copy", payload.edit = the message id), sent by the outbox after the decision commits: a slow or
 * dead platform delays an edit, never the decision. No subject, so voiding the invoice does not cancel them.
 */
async function queueCopyEdits(tx: Tx, workspaceId: string, roundId: string, now: DateTime) {
  const posted = await tx.outboxMessage.findMany({
    where: {
      workspaceId,
      kind: { in: ["invoice.approval", "invoice.approval_nudge"] },
      state: "sent",
      messageId: { not: null },
      payload: { path: ["roundId"], equals: roundId },
    },
    select: { recipientId: true, sentPlatform: true, sentChatId: true, messageId: true },
    orderBy: { createdAt: "asc" },
  });
  for (const copy of posted) {
    if (!copy.sentPlatform || !copy.sentChatId || !copy.messageId) continue;
    await enqueue(tx, workspaceId, {
      kind: "invoice.copy",
      recipientId: copy.recipientId,
      address: { platform: copy.sentPlatform, chatId: copy.sentChatId },
      dueAt: now,
      payload: { roundId, edit: copy.messageId },
    });
  }
}

/**
 * The PDF post as an outbox row ("invoice.pdf"), composed from the invoice when it is sent. No subject (the
 * invoice id is in the payload), so a payment or a void right after does not cancel the PDF.
 */
async function queuePdfPost(tx: Tx, workspaceId: string, invoiceId: string, pdf: PdfPost, now: DateTime) {
  await enqueue(tx, workspaceId, { kind: "invoice.pdf", recipientId: pdf.recipientId, address: pdf.to, dueAt: now, payload: { invoiceId } });
}

/** A conditional state change: 0 rows means someone else moved it first, and the transaction is undone. */
  async function move(tx: Tx, workspaceId: string, id: string, from: InvoiceState, data: object) {
    const { count } = await tx.invoice.updateMany({ where: { id, workspaceId, state: from }, data });
    if (count === 0) throw new DomainError("invoice.changed_meanwhile");
  }

  const activity = (tx: Tx, workspaceId: string, actorId: string, entityId: string, action: string, changes: object, at: DateTime) =>
    recordActivity(tx, { workspaceId, actorId, entity: "invoice", entityId, action, changes, at });

  return {
    async create(workspaceId, actorId, input, now) {
      return atomic(db, async (tx) => {
        let customerId: string;
        let leadId: string | null = null;
        if (input.customer.kind === "name") {
          customerId = (await contactNamed(tx, workspaceId, input.customer.name)).id;
        } else {
          customerId = input.customer.contactId;
          leadId = input.customer.leadId;
        }
        // The workspace row lock serialises concurrent creates, so draft numbers have no twins.
        const { invoiceSeq } = await tx.workspace.update({
          where: { id: workspaceId },
          data: { invoiceSeq: { increment: 1 } },
          select: { invoiceSeq: true },
        });
        const { id } = await tx.invoice.create({
          data: {
            workspaceId,
            draftNumber: invoiceSeq,
            customerId,
            leadId,
            createdById: actorId,
            locale: input.locale,
            ...contentData(input),
            createdAt: toDb(now),
            updatedAt: toDb(now),
          },
          select: { id: true },
        });
        await tx.invoiceLine.createMany({ data: lineRows(workspaceId, id, input.lines) });
        await activity(tx, workspaceId, actorId, id, "invoice.created", { total: [null, input.totals.total] }, now);
        return find(tx, workspaceId, id);
      });
    },

    async editDraft(workspaceId, invoiceId, actorId, content, now) {
      return atomic(db, async (tx) => {
        const before = await find(tx, workspaceId, invoiceId);
        await move(tx, workspaceId, invoiceId, "draft", { ...contentData(content), updatedAt: toDb(now) });
        await tx.invoiceLine.deleteMany({ where: { workspaceId, invoiceId } });
        await tx.invoiceLine.createMany({ data: lineRows(workspaceId, invoiceId, content.lines) });
        await activity(tx, workspaceId, actorId, invoiceId, "invoice.edited", { total: [before.totals.total, content.totals.total] }, now);
        return find(tx, workspaceId, invoiceId);
      });
    },

    async byRef(workspaceId, ref: InvoiceRef) {
      const where = ref.kind === "draft" ? { workspaceId, draftNumber: ref.draftNumber } : { workspaceId, number: ref.number };
      const row = await reader(db).invoice.findFirst({ where, select: invoiceSelect });
      return row ? toInvoice(row) : null;
    },

    async byId(workspaceId, invoiceId) {
      const row = await reader(db).invoice.findFirst({ where: { workspaceId, id: invoiceId }, select: invoiceSelect });
      return row ? toInvoice(row) : null;
    },

    async list(workspaceId, filter, limit) {
      const where = {
        workspaceId,
        ...(filter.states ? { state: { in: [...filter.states] } } : {}),
        ...(filter.dueBefore ? { dueDate: { lt: dateToDb(filter.dueBefore) } } : {}),
      };
      const [rows, total] = await inParallel(
        () => reader(db).invoice.findMany({ where, select: invoiceSelect, orderBy: { draftNumber: "asc" }, take: limit }),
        () => reader(db).invoice.count({ where }),
      );
      return { invoices: rows.map(toInvoice), total };
    },

    async submit(workspaceId, invoiceId, actorId, plan, now) {
      return atomic(db, async (tx) => {
        await activity(tx, workspaceId, actorId, invoiceId, "invoice.submitted", {}, now);
        if (plan.kind === "approve_now") {
          const number = await nextNumber(tx, workspaceId, plan.issueDate);
          await move(tx, workspaceId, invoiceId, "draft", {
            state: "approved",
            number,
            issueDate: dateToDb(plan.issueDate),
            dueDate: dateToDb(plan.dueDate),
            updatedAt: toDb(now),
          });
          await activity(tx, workspaceId, actorId, invoiceId, "invoice.approved", { state: ["draft", "approved"], number: [null, number], auto: [null, true] }, now);
          return { invoice: await find(tx, workspaceId, invoiceId), round: null };
        }
        await move(tx, workspaceId, invoiceId, "draft", { state: "pending_approval", updatedAt: toDb(now) });
        const round = await tx.invoiceApproval.create({
          data: { workspaceId, invoiceId, submittedById: actorId, submittedAt: toDb(now) },
          select: roundSelect,
        });
        const payload = { roundId: round.id };
        for (const recipientId of plan.approverIds) {
          await enqueue(tx, workspaceId, { kind: "invoice.approval", subjectId: invoiceId, recipientId, dueAt: now, payload });
          await enqueue(tx, workspaceId, { kind: "invoice.approval_nudge", subjectId: invoiceId, recipientId, dueAt: plan.nudgeAt, payload });
        }
        if (plan.approvalsChat) {
          await enqueue(tx, workspaceId, { kind: "invoice.approval", subjectId: invoiceId, address: plan.approvalsChat, dueAt: now, payload });
        }
        return { invoice: await find(tx, workspaceId, invoiceId), round: toRound(round) };
      });
    },

    async decide(workspaceId, roundId, actorId, decision, now) {
      return atomic(db, async (tx) => {
        const verdict = decision.kind === "approve" ? "approved" : "rejected";
        // The round is decided once: a second press, or a second approver at the same moment, waits on this
        // row and then finds it decided (count 0) and changes nothing.
        const { count } = await tx.invoiceApproval.updateMany({
          where: { id: roundId, workspaceId, decision: null },
          data: { decision: verdict, decidedById: actorId, decidedAt: toDb(now), reason: decision.kind === "reject" ? decision.reason : null },
        });
        const round = await tx.invoiceApproval.findFirstOrThrow({ where: { id: roundId, workspaceId }, select: roundSelect });
        const invoiceId = round.invoiceId;
        if (count === 0) return { kind: "already" as const, invoice: await find(tx, workspaceId, invoiceId), round: toRound(round) };

        if (decision.kind === "approve") {
          const number = await nextNumber(tx, workspaceId, decision.issueDate);
          await move(tx, workspaceId, invoiceId, "pending_approval", {
            state: "approved",
            number,
            issueDate: dateToDb(decision.issueDate),
            dueDate: dateToDb(decision.dueDate),
            updatedAt: toDb(now),
          });
          await activity(tx, workspaceId, actorId, invoiceId, "invoice.approved", { state: ["pending_approval", "approved"], number: [null, number] }, now);
        } else {
          await move(tx, workspaceId, invoiceId, "pending_approval", { state: "draft", updatedAt: toDb(now) });
          await activity(tx, workspaceId, actorId, invoiceId, "invoice.rejected", { state: ["pending_approval", "draft"], reason: [null, decision.reason] }, now);
        }
        await cancelPending(tx, workspaceId, invoiceId, ["invoice.approval", "invoice.approval_nudge"]);
        await queueCopyEdits(tx, workspaceId, roundId, now);
        const invoice = await find(tx, workspaceId, invoiceId);
        if (invoice.createdBy.id !== actorId) {
          await enqueue(tx, workspaceId, {
            kind: "invoice.decided",
            subjectId: invoiceId,
            recipientId: invoice.createdBy.id,
            dueAt: now,
            payload: { roundId },
          });
        }
        return { kind: "decided" as const, invoice, round: toRound(round) };
      });
    },

    async markSent(workspaceId, invoiceId, actorId, chase, pdf, now) {
      return atomic(db, async (tx) => {
        await queuePdfPost(tx, workspaceId, invoiceId, pdf, now);
        const invoice = await find(tx, workspaceId, invoiceId);
        await move(tx, workspaceId, invoiceId, "approved", { state: "sent", updatedAt: toDb(now) });
        for (const entry of chase) {
          await enqueue(tx, workspaceId, {
            kind: entry.kind,
            subjectId: invoiceId,
            recipientId: invoice.createdBy.id,
            dueAt: entry.at,
            payload: { dueDate: invoice.dueDate, step: entry.step },
          });
        }
        await activity(tx, workspaceId, actorId, invoiceId, "invoice.sent", { state: ["approved", "sent"] }, now);
        return find(tx, workspaceId, invoiceId);
      });
    },

    async queuePdf(workspaceId, invoiceId, pdf, now) {
      await atomic(db, (tx) => queuePdfPost(tx, workspaceId, invoiceId, pdf, now));
    },

    async addPayment(workspaceId, invoiceId, actorId, payment, now) {
      return atomic(db, async (tx) => {
        // Only if nobody paid or changed it since the caller looked: a concurrent payment cannot overpay.
        const { count } = await tx.invoice.updateMany({
          where: { id: invoiceId, workspaceId, state: payment.seen.state, paidMinor: BigInt(payment.seen.paidMinor) },
          data: { state: payment.to, paidMinor: { increment: BigInt(payment.amountMinor) }, updatedAt: toDb(now) },
        });
        if (count === 0) throw new DomainError("invoice.changed_meanwhile");
        await tx.invoicePayment.create({
          data: {
            workspaceId,
            invoiceId,
            amountMinor: BigInt(payment.amountMinor),
            paidOn: dateToDb(payment.paidOn),
            recordedById: actorId,
            createdAt: toDb(now),
          },
        });
        if (payment.to === "paid") await cancelPending(tx, workspaceId, invoiceId);
        await activity(
          tx,
          workspaceId,
          actorId,
          invoiceId,
          payment.to === "paid" ? "invoice.paid" : "invoice.payment",
          {
            paid: [payment.seen.paidMinor, payment.seen.paidMinor + payment.amountMinor],
            state: [payment.seen.state, payment.to],
            paidOn: [null, payment.paidOn],
          },
          now,
        );
        return find(tx, workspaceId, invoiceId);
      });
    },

    async void(workspaceId, invoiceId, actorId, change, now) {
      return atomic(db, async (tx) => {
        await move(tx, workspaceId, invoiceId, change.from, { state: "void", voidReason: change.reason, updatedAt: toDb(now) });
        await cancelPending(tx, workspaceId, invoiceId);
        await activity(tx, workspaceId, actorId, invoiceId, "invoice.voided", { state: [change.from, "void"], reason: [null, change.reason] }, now);
        return find(tx, workspaceId, invoiceId);
      });
    },

    async payments(workspaceId, invoiceId) {
      const rows = await reader(db).invoicePayment.findMany({
        where: { workspaceId, invoiceId },
        select: { amountMinor: true, paidOn: true, createdAt: true, recordedBy: memberRef },
        orderBy: { createdAt: "asc" },
      });
      return rows.map((row) => ({
        amountMinor: Number(row.amountMinor),
        paidOn: dateFromDb(row.paidOn)!,
        recordedBy: row.recordedBy,
        at: fromDb(row.createdAt),
      }));
    },

    async round(workspaceId, roundId) {
      const row = await reader(db).invoiceApproval.findFirst({ where: { id: roundId, workspaceId }, select: roundSelect });
      return row ? toRound(row) : null;
    },

    async latestRound(workspaceId, invoiceId) {
      const row = await reader(db).invoiceApproval.findFirst({
        where: { invoiceId, workspaceId },
        select: roundSelect,
        orderBy: { submittedAt: "desc" },
      });
      return row ? toRound(row) : null;
    },

    timeline: (workspaceId, invoiceId, limit) => activityTimeline(db, workspaceId, "invoice", invoiceId, limit),
  };
}
