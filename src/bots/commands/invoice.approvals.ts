import type { ApprovalRound, Invoice } from "../../domain/invoices/invoice.js";
import { todayIn } from "../../domain/invoices/invoice.js";
import type { DecisionOutcome } from "../../domain/invoices/invoice.use-cases.js";
import type { Reply } from "../render/reply.js";
import { button } from "./actions.js";
import { decisionText, invoiceCard, refText, type View } from "../render/invoice.view.js";
import type { CommandContext } from "./registry.js";

/** An approval request as its approver sees it: the invoice, who asks, and Approve / Reject. */
export function approvalRequest(invoice: Invoice, round: ApprovalRound, ctx: CommandContext, nudge = false): Reply {
  const today = todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);
  const asked = ctx.t("invoice.approval.asked", {
    creator: invoice.createdBy.displayName,
    total: ctx.fmt.money({ minor: invoice.totals.total, currency: invoice.currency }),
  });
  return invoiceCard(invoice, today, ctx, {
    lines: nudge ? [asked, ctx.t("invoice.approval.nudge", { when: ctx.fmt.dateTime(round.submittedAt) })] : [asked],
    actions: [
      button(ctx, "inv.approve", round.id, ctx.t("invoice.button.approve"), "primary"),
      button(ctx, "inv.reject", round.id, ctx.t("invoice.button.reject"), "danger"),
    ],
  });
}

/** A decided request: what was decided, by whom and when, and no buttons left to press. */
export function decidedRequest(invoice: Invoice, round: ApprovalRound, today: string, view: View): Reply {
  return invoiceCard(invoice, today, view, { lines: [decisionText(round, invoice, view)], tone: "ok" });
}

/** "Already approved by Anna at …": what a late press (a double press, a second approver) is told. */
export function alreadyDecided(round: ApprovalRound, ctx: CommandContext): string {
  const by = round.decidedBy?.displayName ?? ctx.t("timeline.someone");
  const when = round.decidedAt ? ctx.fmt.dateTime(round.decidedAt) : "";
  return ctx.t(round.decision === "rejected" ? "invoice.already.rejected" : "invoice.already.approved", { by, when });
}

/**
 * The reply to whoever decided, by button or command. The other copies of the request show the decision
 * once the outbox has edited them ("invoice.copy" rows, queued with the decision).
 */
export function decisionReply(outcome: DecisionOutcome, ctx: CommandContext): Reply {
  if (outcome.kind === "already") {
    return { lines: [alreadyDecided(outcome.round, ctx)], tone: "info", private: true };
  }
  const today = todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);
  const reply = decidedRequest(outcome.invoice, outcome.round, today, ctx);
  if (outcome.round.decision === "approved") {
    reply.lines = [...(reply.lines ?? []), ctx.t("invoice.approved.next", { ref: refText(outcome.invoice, ctx) })];
  }
  return reply;
}
