import type { Clock } from "../shared/clock.js";
import { DomainError } from "../shared/errors.js";
import { readMoney, type AmountText } from "../shared/money.js";
import { cleanBody, cleanName } from "../shared/text.js";
import type { Actor } from "../members/member.js";
import type { MemberRepo } from "../members/member.repo.js";
import { mustBeAllowed } from "../members/permissions.js";
import { OPEN_STAGES, stageChange, type Lead, type Stage, type TimelineEntry } from "./lead.js";
import type { LeadRepo } from "./lead.repo.js";

export type LeadDeps = { leads: LeadRepo; members: MemberRepo; clock: Clock };

export type LeadListScope = { kind: "open" } | { kind: "all" } | { kind: "mine" } | { kind: "stage"; stage: Stage };

const LIST_LIMIT = 50;
const TIMELINE_LIMIT = 10;

export function createLeadUseCases({ leads, members, clock }: LeadDeps) {
  async function mustFind(actor: Actor, number: number): Promise<Lead> {
    const lead = await leads.byNumber(actor.workspace.id, number);
    if (!lead) throw new DomainError("lead.not_found", { number });
    return lead;
  }

  return {
    async add(
      actor: Actor,
      input: { name: string; value: AmountText | null; email: string | null; phone: string | null },
    ): Promise<Lead> {
      mustBeAllowed(actor.member, "lead.add");
      // "Acme 5000" is in the workspace's currency, as an invoice line without a code is.
      const value = input.value && readMoney(input.value, actor.workspace.currency);
      return leads.create(
        actor.workspace.id,
        actor.member.id,
        {
          name: cleanName(input.name, "name"),
          value,
          email: input.email,
          phone: input.phone,
          source: null,
        },
        clock.now(),
      );
    },

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

    async show(actor: Actor, number: number): Promise<{ lead: Lead; timeline: TimelineEntry[] }> {
      const lead = await mustFind(actor, number);
      return { lead, timeline: await leads.timeline(actor.workspace.id, lead.id, TIMELINE_LIMIT) };
    },

    async moveStage(actor: Actor, number: number, stage: Stage): Promise<Lead> {
      const lead = await mustFind(actor, number);
      mustBeAllowed(actor.member, "lead.stage", { lead_owner: lead.owner.id }, { number, owner: `@${lead.owner.handle}` });
      if (!stageChange(lead, stage)) throw new DomainError("lead.already_in_stage", { number, stage });
      return leads.update(actor.workspace.id, lead.id, actor.member.id, { stage }, clock.now());
    },

    async addNote(actor: Actor, number: number, text: string): Promise<Lead> {
      const lead = await mustFind(actor, number);
      mustBeAllowed(actor.member, "lead.note");
      await leads.addNote(actor.workspace.id, lead.id, actor.member.id, cleanBody(text, "note"), clock.now());
      return lead;
    },

    async assign(actor: Actor, number: number, mention: string): Promise<Lead> {
      const lead = await mustFind(actor, number);
      mustBeAllowed(actor.member, "lead.assign", { lead_owner: lead.owner.id }, { number, owner: `@${lead.owner.handle}` });
      const owner = await members.findByMention(actor.workspace.id, mention);
      if (!owner) throw new DomainError("member.not_found", { mention });
      if (owner.id === lead.owner.id) return lead;
      return leads.update(actor.workspace.id, lead.id, actor.member.id, { ownerId: owner.id }, clock.now());
    },

    async find(actor: Actor, text: string): Promise<Lead[]> {
      return leads.search(actor.workspace.id, cleanName(text, "search"), LIST_LIMIT);
    },
  };
}

export type LeadUseCases = ReturnType<typeof createLeadUseCases>;
