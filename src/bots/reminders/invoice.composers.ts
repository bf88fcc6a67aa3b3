import { balanceOf, daysBetween, todayIn, type Invoice } from "../../domain/invoices/invoice.js";
import type { OutboxItem } from "../../domain/reminders/outbox.js";
import { DomainError } from "../../domain/shared/errors.js";
import { approvalRequest, decidedRequest } from "../commands/invoice.approvals.js";
import type { CommandContext } from "../commands/registry.js";
import { dateText, decisionText, invoiceCard, refText, refToken } from "../render/invoice.view.js";
import { sellerOf } from "../../domain/invoices/seller.js";
import { invoicePdf } from "../render/invoice.pdf.js";
import type { Attachment, Reply } from "../render/reply.js";
import { defineComposer, type Composer } from "./composer.js";

// Every invoice message is composed from the invoice as it is at send time; null (nothing to say: it was
// decided, paid or voided meanwhile) cancels the row.

const roundOf = async (item: OutboxItem, ctx: CommandContext) =>
  typeof item.payload.roundId === "string" ? ctx.services.invoices.round(ctx.actor, item.payload.roundId) : null;

/** payload { roundId }: to an approver (recipientId) or the approvals chat (address). */
export const approvalComposer = defineComposer({
  kind: "invoice.approval",
  async compose(item, ctx) {
    const found = await roundOf(item, ctx);
    if (!found || found.round.decision || found.invoice.state !== "pending_approval") return null;
    return approvalRequest(found.invoice, found.round, ctx);
  },
});

/** payload { roundId }: a day later, to each approver, while the round is still open. */
export const approvalNudgeComposer = defineComposer({
  kind: "invoice.approval_nudge",
  async compose(item, ctx) {
    const found = await roundOf(item, ctx);
    if (!found || found.round.decision || found.invoice.state !== "pending_approval") return null;
    return approvalRequest(found.invoice, found.round, ctx, true);
  },
});

/** payload { roundId }: to the invoice's creator, once an approver has decided. */
export const decidedComposer = defineComposer({
  kind: "invoice.decided",
  async compose(item, ctx) {
    const found = await roundOf(item, ctx);
    if (!found?.round.decision) return null;
    const { invoice, round } = found;
    const today = todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);
    const next =
      round.decision === "approved"
        ? ctx.t("invoice.approved.next", { ref: refToken(invoice) })
        : ctx.t("invoice.rejected.next", { ref: refToken(invoice) });
    return invoiceCard(invoice, today, ctx, { lines: [decisionText(round, invoice, ctx), next], tone: round.decision === "approved" ? "ok" : "info" });
  },
});

/**
 * payload { roundId, edit }: a posted copy of the round's request (an approver's DM, the approvals chat),
 * edited once the round is decided to show the decision without buttons, in its reader's language and zone.
 */
export const decidedCopyComposer = defineComposer({
  kind: "invoice.copy",
  async compose(item, ctx) {
    const found = await roundOf(item, ctx);
    if (!found?.round.decision) return null;
    const today = todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);
    return decidedRequest(found.invoice, found.round, today, ctx);
  },
});

/** payload { invoiceId }: the invoice's PDF, as it is now, posted where the command came from. */
export const pdfComposer = defineComposer({
  kind: "invoice.pdf",
  async compose(item, ctx) {
    if (typeof item.payload.invoiceId !== "string") return null;
    try {
      return { attachments: [await pdfAttachment(await ctx.services.invoices.byId(ctx.actor, item.payload.invoiceId), ctx)] };
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  },
});

/** The invoice's PDF in the language of whoever asked for it (the person who sends it on to the customer). */
async function pdfAttachment(invoice: Invoice, ctx: CommandContext): Promise<Attachment> {
  // ctx is the reader's view: their language, digits and calendar; the seller from the workspace's business details.
  const bytes = await invoicePdf(invoice, { seller: sellerOf(ctx.actor.workspace), view: ctx });
  const name = invoice.number ?? `draft-${invoice.draftNumber}`;
  return { filename: `${name}.pdf`, mimeType: "application/pdf", bytes };
}

async function owed(item: OutboxItem, ctx: CommandContext): Promise<Invoice | null> {
  if (!item.subjectId) return null;
  try {
    const invoice = await ctx.services.invoices.byId(ctx.actor, item.subjectId);
    const chased = invoice.state === "sent" || invoice.state === "partially_paid";
    return chased && invoice.dueDate && balanceOf(invoice) > 0 ? invoice : null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

function chaseReply(invoice: Invoice, key: "invoice.remind.due_soon" | "invoice.remind.due_today" | "invoice.remind.overdue", ctx: CommandContext): Reply {
  const today = todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);
  const dueDate = invoice.dueDate!;
  const days = key === "invoice.remind.overdue" ? daysBetween(dueDate, today) : daysBetween(today, dueDate);
  return {
    title: ctx.t("invoice.title.numbered", { number: refText(invoice, ctx), customer: invoice.customer.name }),
    lines: [
      ctx.t(key, {
        ref: refText(invoice, ctx),
        customer: invoice.customer.name,
        days,
        date: dateText(dueDate, ctx),
        balance: ctx.fmt.money({ minor: balanceOf(invoice), currency: invoice.currency }),
      }),
      ctx.t("invoice.remind.hint", { ref: refToken(invoice) }),
    ],
    tone: "info",
  };
}

/** payload { dueDate, step }: to the invoice's creator, three days before the due date. */
export const dueSoonComposer = defineComposer({
  kind: "invoice.due_soon",
  async compose(item, ctx) {
    const invoice = await owed(item, ctx);
    return invoice && chaseReply(invoice, "invoice.remind.due_soon", ctx);
  },
});

export const dueTodayComposer = defineComposer({
  kind: "invoice.due_today",
  async compose(item, ctx) {
    const invoice = await owed(item, ctx);
    return invoice && chaseReply(invoice, "invoice.remind.due_today", ctx);
  },
});

/** payload { dueDate, step }: the day after the due date, then weekly (step 1, 2, …). */
export const overdueComposer = defineComposer({
  kind: "invoice.overdue",
  async compose(item, ctx) {
    const invoice = await owed(item, ctx);
    return invoice && chaseReply(invoice, "invoice.remind.overdue", ctx);
  },
});

export const invoiceComposers: Composer[] = [
  approvalComposer,
  approvalNudgeComposer,
  decidedComposer,
  decidedCopyComposer,
  pdfComposer,
  dueSoonComposer,
  dueTodayComposer,
  overdueComposer,
];
