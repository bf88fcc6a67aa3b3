import type { DateTime } from "luxon";
import type { Money } from "../shared/money.js";

export const STAGES = ["new", "contacted", "qualified", "proposal", "won", "lost"] as const;
export type Stage = (typeof STAGES)[number];
export const OPEN_STAGES: readonly Stage[] = ["new", "contacted", "qualified", "proposal"];

export function isStage(text: string): text is Stage {
  return (STAGES as readonly string[]).includes(text);
}

export type LeadContact = { id: string; name: string; email: string | null; phone: string | null };
export type MemberRef = { id: string; displayName: string; handle: string };

export type Lead = {
  id: string;
  workspaceId: string;
  /** The chat-facing number (#12), a per-workspace sequence. */
  number: number;
  title: string;
  contact: LeadContact;
  value: Money | null;
  stage: Stage;
  owner: MemberRef;
  source: string | null;
  nextFollowUpAt: DateTime | null;
  createdAt: DateTime;
  updatedAt: DateTime;
  /** Set while archived: out of lists, searches and reminders, restorable by Undo for a while. */
  archivedAt: DateTime | null;
};

export type NewLead = {
  name: string;
  value: Money | null;
  email: string | null;
  phone: string | null;
  source: string | null;
};

export type TimelineEntry = {
  at: DateTime;
  actor: string | null;
  /** "lead.created", "lead.stage", "lead.owner", "lead.note", ... */
  action: string;
  /** What changed, as [before, after] per field; a note's text under "note". */
  changes: Record<string, [unknown, unknown]>;
};

/** Anyone can add a note or move a lead; moving back out of won/lost is allowed but recorded. */
export function stageChange(lead: Lead, to: Stage): { from: Stage; to: Stage } | null {
  return lead.stage === to ? null : { from: lead.stage, to };
}

/** The stage a lead's "Stage ▸" button moves it to: the next one in the pipeline; none once won or lost. */
export function nextStage(stage: Stage): Stage | null {
  if (stage === "won" || stage === "lost") return null;
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** The fields `/lead edit` changes. Email and phone are the contact's, shared by that contact's leads. */
export const LEAD_EDIT_FIELDS = ["name", "value", "email", "phone"] as const;
export type LeadEditField = (typeof LEAD_EDIT_FIELDS)[number];

/** What an edit writes: the lead's title and value, the contact's email and phone. */
export type LeadPatch = { title?: string; value?: Money | null; email?: string | null; phone?: string | null };

/** A lead or contact whose name looks like a new lead's: the duplicate warning names it. */
export type SimilarRecord = { kind: "lead" | "contact"; id: string; number: number; name: string };
