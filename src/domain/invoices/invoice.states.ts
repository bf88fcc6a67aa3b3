import { DomainError } from "../shared/errors.js";

export const INVOICE_STATES = ["draft", "pending_approval", "approved", "sent", "partially_paid", "paid", "void"] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

/** What can happen to an invoice. A rejection is a move back to draft, with its reason on the approval round. */
export const INVOICE_EVENTS = [
  "edit",
  "submit",
  "approve_on_submit",
  "approve",
  "reject",
  "send",
  "pay_part",
  "pay_full",
  "void",
] as const;
export type InvoiceEvent = (typeof INVOICE_EVENTS)[number];

/**
 * Every allowed move, and nothing else. Notable refusals: nothing leaves paid or void; an invoice with a
 * payment on it cannot be voided (that needs a credit note, which Threadline does not make yet); payments
 * need an approved (numbered) invoice; only a draft can be edited or submitted.
 */
export const MOVES: Readonly<Record<InvoiceState, Partial<Record<InvoiceEvent, InvoiceState>>>> = {
  draft: { edit: "draft", submit: "pending_approval", approve_on_submit: "approved", void: "void" },
  pending_approval: { approve: "approved", reject: "draft", void: "void" },
  approved: { send: "sent", pay_part: "partially_paid", pay_full: "paid", void: "void" },
  sent: { pay_part: "partially_paid", pay_full: "paid", void: "void" },
  partially_paid: { pay_part: "partially_paid", pay_full: "paid" },
  paid: {},
  void: {},
};

/**
 * The state `event` leads to from `from`. A refused move throws a DomainError whose message says why in
 * the user's terms ("INV-2026-0003 is already paid"); `ref` names the invoice in it.
 */
export function nextState(from: InvoiceState, event: InvoiceEvent, ref = ""): InvoiceState {
  const to = MOVES[from][event];
  if (!to) throw new DomainError(refusal(from, event), { ref });
  return to;
}

export function canMove(from: InvoiceState, event: InvoiceEvent): boolean {
  return MOVES[from][event] !== undefined;
}

/** The catalog key explaining a refused move: by the state it is in, and for a numbered invoice, by the event. */
export function refusal(from: InvoiceState, event: InvoiceEvent): string {
  switch (from) {
    case "paid":
    case "void":
    case "draft":
      return `invoice.refused.${from}`;
    case "pending_approval":
      return "invoice.refused.pending";
    default:
      if (event === "approve" || event === "reject") return "invoice.refused.decided";
      if (event === "send") return "invoice.refused.sent_already";
      if (event === "void") return "invoice.refused.has_payments";
      return "invoice.refused.numbered";
  }
}
