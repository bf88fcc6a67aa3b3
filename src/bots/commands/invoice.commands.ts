import { z } from "zod";
import { balanceOf, todayIn, type Invoice } from "../../domain/invoices/invoice.js";
import { invoiceCard, listRow, refText, refToken, timelineText, dateText } from "../render/invoice.view.js";
import type { Action, Reply } from "../render/reply.js";
import { button } from "./actions.js";
import { invoiceEditArgs, invoiceNewArgs, invoiceRef, invoiceScope, paymentArgs, refThen } from "./invoice.args.js";
import { decisionReply } from "./invoice.approvals.js";
import { defineCommand, requiredText, type CommandContext } from "./registry.js";

const today = (ctx: CommandContext) => todayIn(ctx.services.clock.now(), ctx.actor.workspace.timezone);

/** Submit / Edit / Discard under a draft. */
export function draftActions(invoice: Invoice, ctx: CommandContext): Action[] {
  return [
    button(ctx, "inv.submit", invoice.id, ctx.t("invoice.button.submit"), "primary"),
    button(ctx, "inv.edit", invoice.id, ctx.t("invoice.button.edit")),
    button(ctx, "inv.discard", invoice.id, ctx.t("invoice.button.discard"), "danger"),
  ];
}

export function draftReply(invoice: Invoice, ctx: CommandContext, headline: string): Reply {
  return invoiceCard(invoice, today(ctx), ctx, {
    lines: [headline, ctx.t("invoice.draft.hint", { ref: refToken(invoice) })],
    actions: draftActions(invoice, ctx),
    tone: "ok",
  });
}

/** What a submit answers: numbered at once, or waiting for the named approvers. */
export function submittedReply(result: { invoice: Invoice; approvers: { handle: string }[] }, ctx: CommandContext): Reply {
  const { invoice } = result;
  const line =
    invoice.state === "approved"
      ? ctx.t("invoice.approved_now", { number: invoice.number ?? "" })
      : ctx.t("invoice.sent_for_approval", { approvers: result.approvers.map((member) => `@${member.handle}`).join(", ") });
  return invoiceCard(invoice, today(ctx), ctx, { lines: [line], tone: "ok" });
}

export const invoiceNew = defineCommand({
  name: "invoice new",
  usage: "/invoice new <customer|lead:<id>> ; <description> <qty> x <price> [CUR] [; …] [; tax <rate>%] [; discount <amount|rate%>] [; due <YYYY-MM-DD>|net <days>] [; note <text>]",
  example: "/invoice new Acme Corp ; Design sprint 10 x 450 USD ; Hosting 1 x 20 USD ; tax 9% ; net 14",
  summary: "cmd.invoice.new",
  args: invoiceNewArgs,
  async run({ customer, spec }, ctx) {
    const invoice = await ctx.services.invoices.create(ctx.actor, customer, spec);
    return draftReply(invoice, ctx, ctx.t("invoice.created", { number: invoice.draftNumber }));
  },
});

export const invoiceEdit = defineCommand({
  name: "invoice edit",
  usage: "/invoice edit <id> ; <description> <qty> x <price> [; …] [; tax <rate>%|none] [; discount <amount|rate%|none>] [; due <YYYY-MM-DD>|net <days>] [; note <text>|none]",
  example: "/invoice edit 3 ; Design sprint 12 x 450 USD ; discount 5%",
  summary: "cmd.invoice.edit",
  args: invoiceEditArgs,
  async run([ref, spec], ctx) {
    const invoice = await ctx.services.invoices.edit(ctx.actor, ref, spec);
    return draftReply(invoice, ctx, ctx.t("invoice.edited", { number: invoice.draftNumber }));
  },
});

export const invoiceList = defineCommand({
  name: "invoice list",
  reads: true,
  usage: "/invoice list [draft|pending|unpaid|overdue|paid|all]",
  example: "/invoice list overdue",
  summary: "cmd.invoice.list",
  args: invoiceScope,
  async run(scope, ctx): Promise<Reply> {
    const { invoices, total } = await ctx.services.invoices.list(ctx.actor, scope);
    const title = ctx.t(`invoice.list.title.${scope}`);
    if (invoices.length === 0) return { title, lines: [ctx.t("invoice.list.empty")], tone: "info" };
    return {
      title,
      lines: invoices.map((invoice) => listRow(invoice, today(ctx), ctx)),
      footer: ctx.t("invoice.list.count", { shown: ctx.fmt.number(invoices.length), total }),
      tone: "info",
    };
  },
});

export const invoiceShow = defineCommand({
  name: "invoice show",
  usage: "/invoice show <id|number> [pdf]",
  example: "/invoice show INV-2026-0001 pdf",
  summary: "cmd.invoice.show",
  args: refThen(z.string().trim().toLowerCase().refine((word) => word === "" || word === "pdf", "args.invoice_show")),
  async run([ref, option], ctx): Promise<Reply> {
    const { invoice, payments, timeline, round } = await ctx.services.invoices.show(ctx.actor, ref);
    const lines: string[] = [];
    if (invoice.state === "draft" && round?.decision === "rejected") {
      lines.push(ctx.t("invoice.rejected_before", { by: round.decidedBy?.displayName ?? "", reason: round.reason ?? "" }));
    }
    if (payments.length) {
      lines.push(ctx.t("invoice.payments"));
      for (const payment of payments) {
        lines.push(
          ctx.t("invoice.payment.row", {
            date: dateText(payment.paidOn, ctx),
            amount: ctx.fmt.money({ minor: payment.amountMinor, currency: invoice.currency }),
            by: payment.recordedBy.displayName,
          }),
        );
      }
    }
    lines.push(ctx.t("invoice.timeline"), ...timeline.map((entry) => timelineText(entry, ctx)));
    const reply = invoiceCard(invoice, today(ctx), ctx, { lines });
    if (invoice.state === "draft") reply.actions = draftActions(invoice, ctx);
    // The PDF follows through the outbox, into the chat the command came from.
    if (option === "pdf") await ctx.services.invoices.postPdf(ctx.actor, invoice, ctx.origin ?? null);
    return reply;
  },
});

export const invoiceSubmit = defineCommand({
  name: "invoice submit",
  usage: "/invoice submit <id>",
  example: "/invoice submit 3",
  summary: "cmd.invoice.submit",
  args: invoiceRef,
  async run(ref, ctx) {
    return submittedReply(await ctx.services.invoices.submit(ctx.actor, ref), ctx);
  },
});

export const invoiceApprove = defineCommand({
  name: "invoice approve",
  usage: "/invoice approve <id>",
  example: "/invoice approve 3",
  summary: "cmd.invoice.approve",
  args: invoiceRef,
  async run(ref, ctx) {
    return decisionReply(await ctx.services.invoices.approve(ctx.actor, ref), ctx);
  },
});

export const invoiceReject = defineCommand({
  name: "invoice reject",
  usage: "/invoice reject <id> <reason>",
  example: "/invoice reject 3 The hourly rate should be 400",
  summary: "cmd.invoice.reject",
  args: refThen(requiredText("args.reason_required")),
  async run([ref, reason], ctx) {
    return decisionReply(await ctx.services.invoices.reject(ctx.actor, ref, reason), ctx);
  },
});

export const invoiceSend = defineCommand({
  name: "invoice send",
  usage: "/invoice send <id|number>",
  example: "/invoice send INV-2026-0001",
  summary: "cmd.invoice.send",
  args: invoiceRef,
  async run(ref, ctx) {
    // The PDF follows through the outbox, into the chat the command came from.
    const { invoice, again } = await ctx.services.invoices.send(ctx.actor, ref, ctx.origin ?? null);
    const params = { number: refText(invoice, ctx), customer: invoice.customer.name };
    return invoiceCard(invoice, today(ctx), ctx, {
      lines: [ctx.t(again ? "invoice.sent_again" : "invoice.sent", params)],
      tone: "ok",
    });
  },
});

export const invoicePaid = defineCommand({
  name: "invoice paid",
  usage: "/invoice paid <id|number> [amount] [YYYY-MM-DD]",
  example: "/invoice paid INV-2026-0001 1500 2026-12-01",
  summary: "cmd.invoice.paid",
  args: paymentArgs,
  async run([ref, payment], ctx) {
    const { invoice, amountMinor } = await ctx.services.invoices.pay(ctx.actor, ref, payment);
    const money = (minor: number) => ctx.fmt.money({ minor, currency: invoice.currency });
    const line =
      invoice.state === "paid"
        ? ctx.t("invoice.paid_in_full", { ref: refText(invoice, ctx), amount: money(amountMinor) })
        : ctx.t("invoice.payment_recorded", { ref: refText(invoice, ctx), amount: money(amountMinor), balance: money(balanceOf(invoice)) });
    return invoiceCard(invoice, today(ctx), ctx, { lines: [line], tone: "ok" });
  },
});

export const invoiceVoid = defineCommand({
  name: "invoice void",
  usage: "/invoice void <id|number> <reason>",
  example: "/invoice void INV-2026-0002 Sent to the wrong customer",
  summary: "cmd.invoice.void",
  args: refThen(requiredText("args.reason_required")),
  async run([ref, reason], ctx) {
    const invoice = await ctx.services.invoices.void(ctx.actor, ref, reason);
    return invoiceCard(invoice, today(ctx), ctx, { lines: [ctx.t("invoice.voided", { ref: refText(invoice, ctx) })], tone: "ok" });
  },
});

export const invoiceCommands = [
  invoiceNew,
  invoiceEdit,
  invoiceList,
  invoiceShow,
  invoiceSubmit,
  invoiceApprove,
  invoiceReject,
  invoiceSend,
  invoicePaid,
  invoiceVoid,
];
