import type { DateTime } from "luxon";
import type { TimelineEntry } from "../leads/lead.js";
import type { Platform } from "../members/member.js";
import type { ApprovalRound, CalendarDate, Invoice, InvoiceRef, Payment } from "./invoice.js";
import type { DraftContent } from "./invoice.draft.js";
import type { ChaseKind } from "./invoice.schedule.js";
import type { InvoiceState } from "./invoice.states.js";

export type NewInvoice = DraftContent & {
  customer: { kind: "name"; name: string } | { kind: "contact"; contactId: string; leadId: string };
  locale: string;
};

export type InvoiceFilter = { states?: readonly InvoiceState[]; dueBefore?: CalendarDate };

/** What a submit does, decided by the use case from the approval policy. */
export type SubmitPlan =
  | { kind: "approve_now"; issueDate: CalendarDate; dueDate: CalendarDate }
  | {
      kind: "ask";
      approverIds: string[];
      approvalsChat: { platform: Platform; chatId: string } | null;
      nudgeAt: DateTime;
    };

export type Decision =
  | { kind: "approve"; issueDate: CalendarDate; dueDate: CalendarDate }
  | { kind: "reject"; reason: string };

export type DecisionResult =
  | { kind: "decided"; invoice: Invoice; round: ApprovalRound }
  /** Someone decided first (a double press, two approvers at once): nothing was changed. */
  | { kind: "already"; invoice: Invoice; round: ApprovalRound };

/**
 * Where an invoice's PDF goes: the chat the command came from (null: the person's DM), for `recipientId`,
 * whose DM it falls back to when the bot is not a member of that chat.
 */
export type PdfPost = { recipientId: string; to: { platform: Platform; chatId: string } | null };

/** Every method takes the workspace id and never reads or writes outside it. Each write is one transaction. */
export type InvoiceRepo = {
  /** Finds or creates the customer contact, takes the next draft number, writes invoice, lines and activity. */
  create(workspaceId: string, actorId: string, input: NewInvoice, now: DateTime): Promise<Invoice>;
  /** Replaces the draft's content, only while it is still a draft. */
  editDraft(workspaceId: string, invoiceId: string, actorId: string, content: DraftContent, now: DateTime): Promise<Invoice>;
  byRef(workspaceId: string, ref: InvoiceRef): Promise<Invoice | null>;
  byId(workspaceId: string, invoiceId: string): Promise<Invoice | null>;
  list(workspaceId: string, filter: InvoiceFilter, limit: number): Promise<{ invoices: Invoice[]; total: number }>;
  /**
   * Moves a draft on: numbered and approved at once, or to pending approval with a new approval round, an
   * approval request per approver (and the approvals chat) and a nudge for each, all in one transaction.
   */
  submit(workspaceId: string, invoiceId: string, actorId: string, plan: SubmitPlan, now: DateTime): Promise<{ invoice: Invoice; round: ApprovalRound | null }>;
  /**
   * Records the round's one decision with conditional updates (the round still undecided, the invoice still
   * pending), numbers an approved invoice from the per-year counter under its row lock, cancels the round's
   * unsent requests and nudges, queues an edit of every copy already posted (to show the decision without
   * buttons) and tells the creator: one transaction, with no call to any platform in it (the outbox sends the
   * edits and the notice after commit). A lost race answers "already".
   */
  decide(workspaceId: string, roundId: string, actorId: string, decision: Decision, now: DateTime): Promise<DecisionResult>;
  /** approved → sent, with the owner's due and overdue reminders and the PDF post: one transaction. */
  markSent(
    workspaceId: string,
    invoiceId: string,
    actorId: string,
    chase: { kind: ChaseKind; at: DateTime; step: number }[],
    pdf: PdfPost,
    now: DateTime,
  ): Promise<Invoice>;
  /** Queues a post of the invoice's PDF (an outbox row, sent after commit). */
  queuePdf(workspaceId: string, invoiceId: string, pdf: PdfPost, now: DateTime): Promise<void>;
  /**
   * Adds a payment if the invoice is still as the caller saw it (state and amount paid), moving it to `to`;
   * a paid invoice's reminders are cancelled in the same transaction.
   */
  addPayment(
    workspaceId: string,
    invoiceId: string,
    actorId: string,
    payment: { amountMinor: number; paidOn: CalendarDate; seen: { state: InvoiceState; paidMinor: number }; to: InvoiceState },
    now: DateTime,
  ): Promise<Invoice>;
  /** Voids it from `from` and cancels every unsent message about it. */
  void(workspaceId: string, invoiceId: string, actorId: string, change: { from: InvoiceState; reason: string }, now: DateTime): Promise<Invoice>;
  payments(workspaceId: string, invoiceId: string): Promise<Payment[]>;
  round(workspaceId: string, roundId: string): Promise<ApprovalRound | null>;
  /** The most recent approval round of an invoice, decided or not. */
  latestRound(workspaceId: string, invoiceId: string): Promise<ApprovalRound | null>;
  timeline(workspaceId: string, invoiceId: string, limit: number): Promise<TimelineEntry[]>;
};
