import type { DateTime } from "luxon";
import type { Lead, NewLead, Stage, TimelineEntry } from "./lead.js";

export type LeadFilter = { ownerId?: string; stages?: readonly Stage[] };

/** Every method takes the workspace id and never reads or writes outside it. */
export type LeadRepo = {
  /** Finds or creates the contact, takes the next number, writes the lead and its activity: one transaction. */
  create(workspaceId: string, actorId: string, input: NewLead, now: DateTime): Promise<Lead>;
  byNumber(workspaceId: string, number: number): Promise<Lead | null>;
  list(workspaceId: string, filter: LeadFilter, limit: number): Promise<{ leads: Lead[]; total: number }>;
  search(workspaceId: string, text: string, limit: number): Promise<Lead[]>;
  /** Changes the fields and records who changed what, before and after, in one transaction. */
  update(
    workspaceId: string,
    leadId: string,
    actorId: string,
    patch: { stage?: Stage; ownerId?: string; nextFollowUpAt?: DateTime | null },
    now: DateTime,
  ): Promise<Lead>;
  addNote(workspaceId: string, leadId: string, actorId: string, body: string, now: DateTime): Promise<void>;
  timeline(workspaceId: string, leadId: string, limit: number): Promise<TimelineEntry[]>;
};
