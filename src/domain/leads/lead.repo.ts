import type { DateTime } from "luxon";
import type { LookAlikeProbe } from "../contacts/near-duplicates.js";
import type { NewOutboxItem } from "../reminders/outbox.js";
import type { Lead, LeadPatch, NewLead, Stage, TimelineEntry } from "./lead.js";

/** A duplicate candidate; `key` is its stored `normaliseName`, null when not filled yet. */
export type SimilarLead = { id: string; number: number; name: string; key: string | null; contactId: string };
export type SimilarContact = { id: string; number: number; name: string; key: string | null };

export type LeadFilter = { ownerId?: string; stages?: readonly Stage[]; contactId?: string };

/** Every method takes the workspace id and never reads or writes outside it. */
export type LeadRepo = {
  /**
   * Finds or creates the contact, takes the next number, writes the lead and its activity: one transaction. The
   * number may be taken apart from it, so a create that fails leaves a gap in the numbers, never a twin.
   */
  create(workspaceId: string, actorId: string, input: NewLead, now: DateTime): Promise<Lead>;
  /** Archived leads too: `/lead show` and Undo still reach them; lists and searches do not. */
  byNumber(workspaceId: string, number: number): Promise<Lead | null>;
  byId(workspaceId: string, id: string): Promise<Lead | null>;
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
  /** Writes the patch (title and value on the lead, email and phone on its contact) and a "lead.edited" activity. */
  edit(workspaceId: string, leadId: string, actorId: string, patch: LeadPatch, now: DateTime): Promise<Lead>;
  /**
   * Archives the lead and cancels its pending reminders, or with `archived: false` restores it and enqueues
   * `reminder`; each with its activity, in one transaction. Null when it already was as asked.
   */
  setArchived(
    workspaceId: string,
    leadId: string,
    actorId: string,
    change: { archived: boolean; reminder?: Omit<NewOutboxItem, "subjectId"> | null },
    now: DateTime,
  ): Promise<Lead | null>;
  /**
   * The workspace's leads and contacts in use (not archived) whose names might be near duplicates of the
   * probed name (see `lookAlikeProbe`: a superset, the caller decides), newest first, at most `limit` of each.
   */
  lookAlikes(workspaceId: string, probe: LookAlikeProbe, limit: number): Promise<{ leads: SimilarLead[]; contacts: SimilarContact[] }>;
  addNote(workspaceId: string, leadId: string, actorId: string, body: string, now: DateTime): Promise<void>;
  timeline(workspaceId: string, leadId: string, limit: number): Promise<TimelineEntry[]>;
};
