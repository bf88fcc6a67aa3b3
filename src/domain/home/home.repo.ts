import type { DateTime } from "luxon";
import type { CalendarDate } from "../invoices/invoice.js";
import type { MemberRef, Stage } from "../leads/lead.js";
import type { Money } from "../shared/money.js";

/** A lead as a person's Home lists it: enough to name it. */
export type HomeLead = { id: string; number: number; title: string; value: Money | null };

/** One stage of a person's open leads: how many, and the few most recently touched. */
export type StageLeads = { stage: Stage; count: number; top: HomeLead[] };

/** An invoice as a Home line names it. */
export type HomeInvoice = {
  id: string;
  draftNumber: number;
  number: string | null;
  customer: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  dueDate: CalendarDate | null;
  createdBy: MemberRef;
};

/** An approval round nobody has decided yet, on an invoice still waiting for it. */
export type OpenRound = { roundId: string; submittedAt: DateTime; invoice: HomeInvoice };

/**
 * The reads behind a person's Home (Slack's App Home tab): small, bounded, read-only. Every method takes the
 * workspace id and never reads outside it.
 */
export type HomeRepo = {
  /** The owner's leads in `stages`, counted per stage, with the `perStage` most recently updated of each. */
  openLeads(workspaceId: string, ownerId: string, stages: readonly Stage[], perStage: number): Promise<StageLeads[]>;
  /** Undecided rounds of invoices pending approval, oldest first. */
  openRounds(workspaceId: string, limit: number): Promise<OpenRound[]>;
  /** Invoices the creator sent (or part-paid) whose due date is before `today`, still owing, oldest due first. */
  overdueInvoices(workspaceId: string, creatorId: string, today: CalendarDate, limit: number): Promise<{ invoices: HomeInvoice[]; total: number }>;
};
