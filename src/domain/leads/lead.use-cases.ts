import type { Clock } from "../shared/clock.js";
import { undoWindowOpen, UNDO_MINUTES } from "../shared/archive.js";
import { DomainError } from "../shared/errors.js";
import { readMoney, type AmountText } from "../shared/money.js";
import { cleanBody, cleanName } from "../shared/text.js";
import { lookAlikeProbe, nearDuplicates } from "../contacts/near-duplicates.js";
import type { Actor } from "../members/member.js";
import type { MemberRepo } from "../members/member.repo.js";
import { mustBeAllowed, type Permission } from "../members/permissions.js";
import { followUpReminder } from "../reminders/reminder.use-cases.js";
import { workspaceSettings } from "../settings/settings.js";
import type { ChatRef } from "../tasks/task.js";
import { OPEN_STAGES, stageChange, type Lead, type LeadEditField, type LeadPatch, type SimilarRecord, type Stage, type TimelineEntry } from "./lead.js";
import type { LeadRepo } from "./lead.repo.js";

export type LeadDeps = { leads: LeadRepo; members: MemberRepo; clock: Clock };

export type LeadListScope = { kind: "open" } | { kind: "all" } | { kind: "mine" } | { kind: "stage"; stage: Stage };

/** A lead named by its chat number (a command) or by its id (a button). */
export type LeadRef = number | { id: string };

/** One `/lead edit`: the field and its new value, as typed (a value still to be read as money; null clears). */
export type LeadEdit =
  | { field: "name"; value: string }
  | { field: "value"; value: AmountText | null }
  | { field: "email" | "phone"; value: string | null };

const LIST_LIMIT = 50;
const TIMELINE_LIMIT = 10;
// Duplicate candidates the store may return (a superset of the matches), newest first: the rule then picks.
const SIMILAR_SCAN = 50;
const SIMILAR_SHOWN = 3;

export function createLeadUseCases({ leads, members, clock }: LeadDeps) {
  async function mustFind(actor: Actor, ref: LeadRef): Promise<Lead> {
    const lead = typeof ref === "number" ? await leads.byNumber(actor.workspace.id, ref) : await leads.byId(actor.workspace.id, ref.id);
    if (!lead) throw typeof ref === "number" ? new DomainError("lead.not_found", { number: ref }) : new DomainError("lead.gone");
    return lead;
  }

  /** A lead to change: found, not archived, and the actor allowed by the permission table. */
  async function mustChange(actor: Actor, ref: LeadRef, permission: Permission): Promise<Lead> {
    const lead = await mustFind(actor, ref);
    if (lead.archivedAt) throw new DomainError("lead.archived", { number: lead.number });
    const ties = permission === "lead.add" || permission === "lead.note" ? {} : { lead_owner: lead.owner.id };
    mustBeAllowed(actor.member, permission, ties, { number: lead.number, owner: `@${lead.owner.handle}` });
    return lead;
  }

  /** Leads and contacts (other than the new lead's own contact's leads) whose names look like `name`. */
  async function similarTo(actor: Actor, name: string): Promise<SimilarRecord[]> {
    const probe = lookAlikeProbe(name);
    if (probe.key === "") return [];
    const { leads: leadNames, contacts } = await leads.lookAlikes(actor.workspace.id, probe, SIMILAR_SCAN);
    const similarLeads = nearDuplicates(name, leadNames);
    // A contact with a look-alike lead is named through that lead; only a contact without one is named itself.
    const covered = new Set(similarLeads.map((lead) => lead.contactId));
    const similarContacts = nearDuplicates(name, contacts).filter((contact) => !covered.has(contact.id));
    return [
      ...similarLeads.map(({ id, number, name }) => ({ kind: "lead" as const, id, number, name })),
      ...similarContacts.map(({ id, number, name }) => ({ kind: "contact" as const, id, number, name })),
    ].slice(0, SIMILAR_SHOWN);
  }

  return {
    async add(
      actor: Actor,
      input: { name: string; value: AmountText | null; email: string | null; phone: string | null },
    ): Promise<Lead> {
      mustBeAllowed(actor.member, "lead.add");
      // "Acme 5000" is in the workspace's currency, as an invoice line without a code is.
      const value = input.value && readMoney(input.value, actor.workspace.currency);
      const name = cleanName(input.name, "name");
      return leads.create(actor.workspace.id, actor.member.id, { name, value, email: input.email, phone: input.phone, source: null }, clock.now());
    },

    /**
     * The leads and contacts whose names look like `name` (a lead about to be added): a warning to show with
     * it, never a reason to refuse it. Asked before the add, so the new lead is not among them.
     */
    similarTo: (actor: Actor, name: string) => similarTo(actor, cleanName(name, "name")),

    async list(actor: Actor, scope: LeadListScope) {
      const filter =
        scope.kind === "all"
          ? {}
          : scope.kind === "mine"
            ? { ownerId: actor.member.id, stages: OPEN_STAGES }
            : scope.kind === "stage"
              ? { stages: [scope.stage] }
              : { stages: OPEN_STAGES };
      return leads.list(actor.workspace.id, filter, LIST_LIMIT);
    },

    async show(actor: Actor, ref: LeadRef): Promise<{ lead: Lead; timeline: TimelineEntry[] }> {
      const lead = await mustFind(actor, ref);
      return { lead, timeline: await leads.timeline(actor.workspace.id, lead.id, TIMELINE_LIMIT) };
    },

    async moveStage(actor: Actor, ref: LeadRef, stage: Stage): Promise<Lead> {
      const lead = await mustChange(actor, ref, "lead.stage");
      if (!stageChange(lead, stage)) throw new DomainError("lead.already_in_stage", { number: lead.number, stage });
      return leads.update(actor.workspace.id, lead.id, actor.member.id, { stage }, clock.now());
    },

    async addNote(actor: Actor, ref: LeadRef, text: string): Promise<Lead> {
      const lead = await mustChange(actor, ref, "lead.note");
      await leads.addNote(actor.workspace.id, lead.id, actor.member.id, cleanBody(text, "note"), clock.now());
      return lead;
    },

    async assign(actor: Actor, ref: LeadRef, mention: string): Promise<Lead> {
      const lead = await mustChange(actor, ref, "lead.assign");
      const owner = await members.findByMention(actor.workspace.id, mention);
      if (!owner) throw new DomainError("member.not_found", { mention });
      if (owner.id === lead.owner.id) return lead;
      return leads.update(actor.workspace.id, lead.id, actor.member.id, { ownerId: owner.id }, clock.now());
    },

    /** "Assign to me": the presser takes the lead, if the permission table lets them hand it over. */
    async take(actor: Actor, ref: LeadRef): Promise<Lead> {
      const lead = await mustChange(actor, ref, "lead.assign");
      if (lead.owner.id === actor.member.id) return lead;
      return leads.update(actor.workspace.id, lead.id, actor.member.id, { ownerId: actor.member.id }, clock.now());
    },

    /** Checks that the actor may edit the lead (a card's Edit button asks before showing how). */
    mayEdit: (actor: Actor, ref: LeadRef) => mustChange(actor, ref, "lead.edit"),

    async edit(actor: Actor, ref: LeadRef, change: LeadEdit): Promise<Lead> {
      const lead = await mustChange(actor, ref, "lead.edit");
      const patch: LeadPatch = patchFor(change, actor.workspace.currency);
      if (!changes(lead, patch)) throw new DomainError("lead.edit_same", { number: lead.number, field: change.field satisfies LeadEditField });
      return leads.edit(actor.workspace.id, lead.id, actor.member.id, patch, clock.now());
    },

    async archive(actor: Actor, ref: LeadRef): Promise<Lead> {
      const lead = await mustChange(actor, ref, "lead.archive");
      const archived = await leads.setArchived(actor.workspace.id, lead.id, actor.member.id, { archived: true }, clock.now());
      if (!archived) throw new DomainError("lead.archived", { number: lead.number });
      return archived;
    },

    /** Undo of an archive, within UNDO_MINUTES; its follow-up reminder comes back if still ahead. */
    async restore(actor: Actor, ref: LeadRef, origin: ChatRef | null): Promise<Lead> {
      const lead = await mustFind(actor, ref);
      mustBeAllowed(actor.member, "lead.archive", { lead_owner: lead.owner.id }, { number: lead.number, owner: `@${lead.owner.handle}` });
      const now = clock.now();
      if (!lead.archivedAt) throw new DomainError("lead.not_archived", { number: lead.number });
      if (!undoWindowOpen(lead.archivedAt, now)) throw new DomainError("archive.too_late", { minutes: UNDO_MINUTES });
      const at = lead.nextFollowUpAt;
      const reminder = at && at > now && OPEN_STAGES.includes(lead.stage) ? followUpReminder(at, lead.owner.id, workspaceSettings(actor.workspace), now, origin) : null;
      const restored = await leads.setArchived(actor.workspace.id, lead.id, actor.member.id, { archived: false, reminder }, now);
      if (!restored) throw new DomainError("lead.not_archived", { number: lead.number });
      return restored;
    },

    async find(actor: Actor, text: string): Promise<Lead[]> {
      return leads.search(actor.workspace.id, cleanName(text, "search"), LIST_LIMIT);
    },
  };
}

function patchFor(change: LeadEdit, currency: string): LeadPatch {
  switch (change.field) {
    case "name":
      return { title: cleanName(change.value, "name") };
    case "value":
      return { value: change.value && readMoney(change.value, currency) };
    case "email":
      return { email: change.value };
    case "phone":
      return { phone: change.value };
  }
}

/** Whether the patch changes anything on the lead. */
function changes(lead: Lead, patch: LeadPatch): boolean {
  if (patch.title !== undefined) return patch.title !== lead.title;
  if (patch.value !== undefined) return patch.value?.minor !== lead.value?.minor || patch.value?.currency !== lead.value?.currency;
  if (patch.email !== undefined) return patch.email !== lead.contact.email;
  if (patch.phone !== undefined) return patch.phone !== lead.contact.phone;
  return false;
}

export type LeadUseCases = ReturnType<typeof createLeadUseCases>;
