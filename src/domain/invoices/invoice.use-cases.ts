import type { LeadRepo } from "../leads/lead.repo.js";
import { readingOf, type Actor, type Platform } from "../members/member.js";
import type { WorkspaceRepo } from "../members/workspace.repo.js";
import type { Clock } from "../shared/clock.js";
import { DomainError } from "../shared/errors.js";
import { parseAmount, toDecimalString } from "../shared/money.js";
import { cleanBody, cleanName } from "../shared/text.js";
import type { DateReader } from "../shared/when.js";
import {
  addDays,
  balanceOf,
  parseCalendarDate,
  refOf,
  todayIn,
  type ApprovalRound,
  type Invoice,
  type InvoiceRef,
} from "./invoice.js";
import { DEFAULT_NET_DAYS, draftContent, type CustomerSpec, type DraftContent, type InvoiceSpec } from "./invoice.draft.js";
import { mustBeAllowed, type Permission } from "../members/permissions.js";
import { approvalPolicy, approversFor, DECISION_REFUSALS, decisionRefusal, needsApproval } from "./invoice.policy.js";
import type { InvoiceFilter, InvoiceRepo } from "./invoice.repo.js";
import { APPROVAL_NUDGE_AFTER, chaseSchedule } from "./invoice.schedule.js";
import { nextState, refusal } from "./invoice.states.js";

export type InvoiceDeps = {
  invoices: InvoiceRepo;
  workspaces: WorkspaceRepo;
  leads: LeadRepo;
  clock: Clock;
  /** Reads due and payment dates as the writer types them (Jalali, locale order); ISO only when absent. */
  readDate?: DateReader;
};

export const INVOICE_SCOPES = ["open", "draft", "pending", "unpaid", "overdue", "paid", "all"] as const;
export type InvoiceScope = (typeof INVOICE_SCOPES)[number];

type ChatAddress = { platform: Platform; chatId: string };

export type DecisionOutcome =
  | { kind: "decided"; invoice: Invoice; round: ApprovalRound }
  | { kind: "already"; invoice: Invoice; round: ApprovalRound };

const LIST_LIMIT = 50;
const TIMELINE_LIMIT = 10;

export function createInvoiceUseCases({ invoices, workspaces, leads, clock, readDate }: InvoiceDeps) {
  const today = (actor: Actor) => todayIn(clock.now(), actor.workspace.timezone);
  /** The writer's dates in their order and calendar when a reader is wired in, else ISO only. */
  const dateOf = (actor: Actor, direction: "next" | "last") => (text: string) =>
    readDate ? readDate(text, readingOf(actor), today(actor), direction) : parseCalendarDate(text);

  async function mustFind(actor: Actor, ref: InvoiceRef): Promise<Invoice> {
    const invoice = await invoices.byRef(actor.workspace.id, ref);
    if (!invoice) {
      throw new DomainError("invoice.not_found", { ref: ref.kind === "draft" ? String(ref.draftNumber) : ref.number });
    }
    return invoice;
  }

  async function mustFindId(actor: Actor, invoiceId: string): Promise<Invoice> {
    const invoice = await invoices.byId(actor.workspace.id, invoiceId);
    if (!invoice) throw new DomainError("invoice.gone");
    return invoice;
  }

  /** The permission table's answer for this invoice; a refusal names who may and changes nothing. */
  function mustBeAllowedOn(actor: Actor, permission: Permission, invoice: Invoice) {
    mustBeAllowed(actor.member, permission, { creator: invoice.createdBy.id }, { ref: refOf(invoice), creator: `@${invoice.createdBy.handle}` });
  }

  /** Issue date today where the workspace is; due date fixed at creation or `net` days from it. */
  function issueDates(actor: Actor, invoice: Invoice) {
    const issueDate = today(actor);
    return { issueDate, dueDate: invoice.dueDate ?? addDays(issueDate, invoice.netDays ?? DEFAULT_NET_DAYS) };
  }

  async function decide(actor: Actor, roundId: string, verdict: "approve" | "reject", reason?: string): Promise<DecisionOutcome> {
    const round = await invoices.round(actor.workspace.id, roundId);
    if (!round) throw new DomainError("invoice.gone");
    const invoice = await mustFindId(actor, round.invoiceId);
    const refused = decisionRefusal(approvalPolicy(actor.workspace.settings), actor.member, invoice.createdBy.id);
    if (refused) throw new DomainError(DECISION_REFUSALS[refused], { ref: refOf(invoice) });
    if (round.decision) return { kind: "already", invoice, round };
    if (invoice.state !== "pending_approval") throw new DomainError(refusal(invoice.state, verdict), { ref: refOf(invoice) });
    const result = await invoices.decide(
      actor.workspace.id,
      roundId,
      actor.member.id,
      verdict === "approve" ? { kind: "approve", ...issueDates(actor, invoice) } : { kind: "reject", reason: cleanBody(reason ?? "", "reason", 500) },
      clock.now(),
    );
    return result;
  }

  async function decideByRef(actor: Actor, ref: InvoiceRef, verdict: "approve" | "reject", reason?: string) {
    const invoice = await mustFind(actor, ref);
    const round = await invoices.latestRound(actor.workspace.id, invoice.id);
    if (!round || (invoice.state !== "pending_approval" && !round.decision)) {
      throw new DomainError(refusal(invoice.state, verdict), { ref: refOf(invoice) });
    }
    return decide(actor, round.id, verdict, reason);
  }

  return {
    async create(actor: Actor, customer: CustomerSpec, spec: InvoiceSpec): Promise<Invoice> {
      mustBeAllowed(actor.member, "invoice.create");
      const content = draftContent(spec, null, actor.workspace.currency, today(actor), dateOf(actor, "next"));
      let who: { kind: "name"; name: string } | { kind: "contact"; contactId: string; leadId: string };
      if (customer.kind === "lead") {
        const lead = await leads.byNumber(actor.workspace.id, customer.number);
        if (!lead) throw new DomainError("lead.not_found", { number: customer.number });
        who = { kind: "contact", contactId: lead.contact.id, leadId: lead.id };
      } else {
        who = { kind: "name", name: cleanName(customer.name, "customer") };
      }
      const locale = actor.member.locale ?? actor.workspace.locale;
      return invoices.create(actor.workspace.id, actor.member.id, { ...content, customer: who, locale }, clock.now());
    },

    async edit(actor: Actor, ref: InvoiceRef, spec: InvoiceSpec): Promise<Invoice> {
      const invoice = await mustFind(actor, ref);
      mustBeAllowedOn(actor, "invoice.edit", invoice);
      nextState(invoice.state, "edit", refOf(invoice));
      const content = draftContent(spec, contentOf(invoice), actor.workspace.currency, today(actor), dateOf(actor, "next"));
      return invoices.editDraft(actor.workspace.id, invoice.id, actor.member.id, content, clock.now());
    },

    async list(actor: Actor, scope: InvoiceScope) {
      const filters: Record<InvoiceScope, InvoiceFilter> = {
        open: { states: ["draft", "pending_approval", "approved", "sent", "partially_paid"] },
        draft: { states: ["draft"] },
        pending: { states: ["pending_approval"] },
        unpaid: { states: ["approved", "sent", "partially_paid"] },
        overdue: { states: ["sent", "partially_paid"], dueBefore: today(actor) },
        paid: { states: ["paid"] },
        all: {},
      };
      return invoices.list(actor.workspace.id, filters[scope], LIST_LIMIT);
    },

    async show(actor: Actor, ref: InvoiceRef) {
      const invoice = await mustFind(actor, ref);
      // One after another: a command may run inside a transaction, which has a single connection.
      const payments = await invoices.payments(actor.workspace.id, invoice.id);
      const timeline = await invoices.timeline(actor.workspace.id, invoice.id, TIMELINE_LIMIT);
      const round = await invoices.latestRound(actor.workspace.id, invoice.id);
      return { invoice, payments, timeline, round, today: today(actor) };
    },

    /** For buttons and reminders, which carry the record id rather than a number. */
    byId: (actor: Actor, invoiceId: string) => mustFindId(actor, invoiceId),

    async round(actor: Actor, roundId: string): Promise<{ round: ApprovalRound; invoice: Invoice } | null> {
      const round = await invoices.round(actor.workspace.id, roundId);
      const invoice = round && (await invoices.byId(actor.workspace.id, round.invoiceId));
      return round && invoice ? { round, invoice } : null;
    },

    /**
     * Below the approval threshold an invoice is approved (and numbered) on submit. At or above it, it waits
     * for an approver; the requests go out through the outbox in the same transaction.
     */
    async submit(actor: Actor, ref: InvoiceRef | { id: string }) {
      const invoice = "id" in ref ? await mustFindId(actor, ref.id) : await mustFind(actor, ref);
      mustBeAllowedOn(actor, "invoice.submit", invoice);
      const policy = approvalPolicy(actor.workspace.settings);
      if (!needsApproval(policy, { minor: invoice.totals.total, currency: invoice.currency })) {
        nextState(invoice.state, "approve_on_submit", refOf(invoice));
        const plan = { kind: "approve_now" as const, ...issueDates(actor, invoice) };
        return { ...(await invoices.submit(actor.workspace.id, invoice.id, actor.member.id, plan, clock.now())), approvers: [] };
      }
      nextState(invoice.state, "submit", refOf(invoice));
      const approvers = approversFor(policy, await workspaces.members(actor.workspace.id), invoice.createdBy.id);
      if (approvers.length === 0) throw new DomainError("invoice.no_approvers", { ref: refOf(invoice) });
      const plan = {
        kind: "ask" as const,
        approverIds: approvers.map((member) => member.id),
        approvalsChat: policy.approvalsChat,
        nudgeAt: clock.now().plus(APPROVAL_NUDGE_AFTER),
      };
      return { ...(await invoices.submit(actor.workspace.id, invoice.id, actor.member.id, plan, clock.now())), approvers };
    },

    /** A press of Approve or Reject on a request: the round it names, decided at most once. */
    decide,
    approve: (actor: Actor, ref: InvoiceRef) => decideByRef(actor, ref, "approve"),
    reject: (actor: Actor, ref: InvoiceRef, reason: string) => decideByRef(actor, ref, "reject", reason),

    /**
     * Marks an approved invoice sent, schedules its owner's reminders and queues its PDF for `pdfTo` (the
     * chat the command came from). Sending one that was already sent only queues the PDF again.
     */
    async send(actor: Actor, ref: InvoiceRef, pdfTo: ChatAddress | null): Promise<{ invoice: Invoice; again: boolean }> {
      const invoice = await mustFind(actor, ref);
      mustBeAllowedOn(actor, "invoice.send", invoice);
      const pdf = { recipientId: actor.member.id, to: pdfTo };
      if (invoice.state === "sent" || invoice.state === "partially_paid") {
        await invoices.queuePdf(actor.workspace.id, invoice.id, pdf, clock.now());
        return { invoice, again: true };
      }
      nextState(invoice.state, "send", refOf(invoice));
      const chase = chaseSchedule(invoice.dueDate!, actor.workspace.timezone, clock.now());
      return { invoice: await invoices.markSent(actor.workspace.id, invoice.id, actor.member.id, chase, pdf, clock.now()), again: false };
    },

    /** Posts the invoice's PDF into `to` (null: the caller's DM) through the outbox, after the command commits. */
    async postPdf(actor: Actor, invoice: Invoice, to: ChatAddress | null): Promise<void> {
      await invoices.queuePdf(actor.workspace.id, invoice.id, { recipientId: actor.member.id, to }, clock.now());
    },

    /** A payment of `amount` (the whole balance when omitted) on `date` (today when omitted). */
    async pay(
      actor: Actor,
      ref: InvoiceRef,
      { amount, currency, date }: { amount: string | null; currency: string | null; date: string | null },
    ): Promise<{ invoice: Invoice; amountMinor: number }> {
      const invoice = await mustFind(actor, ref);
      mustBeAllowedOn(actor, "invoice.pay", invoice);
      if (currency !== null && currency !== invoice.currency) {
        throw new DomainError("invoice.payment_currency", { ref: refOf(invoice), currency: invoice.currency });
      }
      const balance = balanceOf(invoice);
      const amountMinor = amount === null ? balance : parseAmount(amount, invoice.currency).minor;
      const event = amountMinor >= balance ? "pay_full" : "pay_part";
      const to = nextState(invoice.state, event, refOf(invoice));
      if (amountMinor <= 0) throw new DomainError("invoice.zero_payment");
      if (amountMinor > balance) {
        throw new DomainError("invoice.overpayment", {
          ref: refOf(invoice),
          amount: `${toDecimalString({ minor: amountMinor, currency: invoice.currency })} ${invoice.currency}`,
          balance: `${toDecimalString({ minor: balance, currency: invoice.currency })} ${invoice.currency}`,
        });
      }
      const paidOn = date === null ? today(actor) : dateOf(actor, "last")(date);
      if (paidOn > today(actor)) throw new DomainError("invoice.paid_in_future", { date: paidOn });
      const updated = await invoices.addPayment(
        actor.workspace.id,
        invoice.id,
        actor.member.id,
        { amountMinor, paidOn, seen: { state: invoice.state, paidMinor: invoice.paidMinor }, to },
        clock.now(),
      );
      return { invoice: updated, amountMinor };
    },

    async void(actor: Actor, ref: InvoiceRef | { id: string }, reason: string): Promise<Invoice> {
      const invoice = "id" in ref ? await mustFindId(actor, ref.id) : await mustFind(actor, ref);
      mustBeAllowedOn(actor, "invoice.void", invoice);
      nextState(invoice.state, "void", refOf(invoice));
      return invoices.void(actor.workspace.id, invoice.id, actor.member.id, { from: invoice.state, reason: cleanBody(reason, "reason", 500) }, clock.now());
    },

    /** The Discard button: only a draft can be thrown away, and it is kept as void for the record. */
    async discard(actor: Actor, invoiceId: string, reason: string): Promise<Invoice> {
      const invoice = await mustFindId(actor, invoiceId);
      mustBeAllowedOn(actor, "invoice.discard", invoice);
      if (invoice.state !== "draft") throw new DomainError(refusal(invoice.state, "edit"), { ref: refOf(invoice) });
      return invoices.void(actor.workspace.id, invoice.id, actor.member.id, { from: "draft", reason }, clock.now());
    },
  };
}

export function contentOf(invoice: Invoice): DraftContent {
  const { currency, lines, discount, taxRates, totals, dueDate, netDays, notes } = invoice;
  return { currency, lines, discount, taxRates, totals, dueDate, netDays, notes };
}

export type InvoiceUseCases = ReturnType<typeof createInvoiceUseCases>;
