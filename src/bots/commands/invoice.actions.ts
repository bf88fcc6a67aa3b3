import { refOf, todayIn } from "../../domain/invoices/invoice.js";
import { approvalPolicy, DECISION_REFUSALS, decisionRefusal } from "../../domain/invoices/invoice.policy.js";
import { DomainError } from "../../domain/shared/errors.js";
import { invoiceCard, refText } from "../render/invoice.view.js";
import { defineAction, type PressResult } from "./actions.js";
import { alreadyDecided, decisionReply } from "./invoice.approvals.js";
import { submittedReply } from "./invoice.commands.js";
import type { CommandContext } from "./registry.js";

// Draft buttons carry the invoice id; approval buttons carry the approval round's id, so a press on a
// request from an earlier round is told what became of it instead of deciding the current one.

export const submitInvoice = defineAction({
  name: "inv.submit",
  async run(invoiceId, ctx): Promise<PressResult> {
    return { kind: "edit", reply: submittedReply(await ctx.services.invoices.submit(ctx.actor, { id: invoiceId }), ctx) };
  },
});

/**
 * Edit explains how to change the draft with a command. A form (a Slack modal, a Telegram reply prompt) is
 * a door feature that can come later; the command works on every door today.
 */
export const editInvoice = defineAction({
  name: "inv.edit",
  async run(invoiceId, ctx): Promise<PressResult> {
    const invoice = await ctx.services.invoices.byId(ctx.actor, invoiceId);
    return { kind: "alert", text: ctx.t("invoice.edit.how", { ref: refOf(invoice) }) };
  },
});

export const discardInvoice = defineAction({
  name: "inv.discard",
  async run(invoiceId, ctx): Promise<PressResult> {
    const invoice = await ctx.services.invoices.discard(ctx.actor, invoiceId, ctx.t("invoice.discard_reason"));
    const today = todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);
    return {
      kind: "edit",
      reply: invoiceCard(invoice, today, ctx, { lines: [ctx.t("invoice.discarded", { ref: refText(invoice, ctx) })] }),
    };
  },
});

/** Approve: decided once; a refused or late press is an alert and the message stays as it is. */
export const approveInvoice = defineAction({
  name: "inv.approve",
  async run(roundId, ctx): Promise<PressResult> {
    const outcome = await ctx.services.invoices.decide(ctx.actor, roundId, "approve");
    if (outcome.kind === "already") return { kind: "alert", text: alreadyDecided(outcome.round, ctx) };
    return { kind: "edit", reply: decisionReply(outcome, ctx) };
  },
});

/**
 * Reject needs a reason, which a button cannot carry: the press checks that this person may decide and
 * that the request is still open, then asks for the reason with a form (a modal on Slack, a reply prompt
 * elsewhere) whose answer is `/invoice reject <ref> <reason>`. Without forms, it names that command.
 */
export const rejectInvoice = defineAction({
  name: "inv.reject",
  async run(roundId, ctx: CommandContext): Promise<PressResult> {
    const found = await ctx.services.invoices.round(ctx.actor, roundId);
    if (!found) throw new DomainError("invoice.gone");
    const { round, invoice } = found;
    const refused = decisionRefusal(approvalPolicy(ctx.actor.workspace.settings), ctx.actor.member, invoice.createdBy.id);
    if (refused) return { kind: "alert", text: ctx.t(DECISION_REFUSALS[refused], { ref: refOf(invoice) }) };
    if (round.decision) return { kind: "alert", text: alreadyDecided(round, ctx) };
    if (ctx.forms) return { kind: "reply", reply: await ctx.forms.open("invoice reject", refOf(invoice)) };
    return { kind: "alert", text: ctx.t("invoice.reject.how", { ref: refOf(invoice) }) };
  },
});

export const invoiceActions = [submitInvoice, editInvoice, discardInvoice, approveInvoice, rejectInvoice];
