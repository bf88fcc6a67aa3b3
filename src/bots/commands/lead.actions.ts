import { STAGES, type Stage } from "../../domain/leads/lead.js";
import { UNDO_MINUTES } from "../../domain/shared/archive.js";
import { defineAction, type ButtonAction } from "./actions.js";
import { archivedLeadReply, leadCard, leadShowCard } from "./lead.card.js";
import { originOf } from "./task.commands.js";

// The buttons on a lead's card. Each re-reads the lead by the id its payload carries and goes through the
// same use case as the command it stands for, so the permission table decides who may press it: anyone
// else gets an alert and the card stays as it was.

/** "Open #3" under a duplicate warning: the lead's card, with its timeline and buttons. */
export const showLead = defineAction({
  name: "lead.show",
  async run(leadId, ctx) {
    const { lead, timeline } = await ctx.services.leads.show(ctx.actor, { id: leadId });
    return { kind: "edit", reply: leadShowCard(lead, timeline, ctx) };
  },
});

/**
 * "Stage ▸ qualified": one action per target stage, so the payload says where the press moves the lead.
 * A card pressed after someone else moved the lead is told so instead of skipping a stage.
 */
const stageActions: ButtonAction[] = STAGES.filter((stage) => stage !== "new" && stage !== "lost").map((to: Stage) =>
  defineAction({
    name: `stage.${to}`,
    async run(leadId, ctx) {
      const lead = await ctx.services.leads.moveStage(ctx.actor, { id: leadId }, to);
      return { kind: "edit", reply: leadCard(lead, ctx, ctx.t("lead.staged", { number: lead.number, stage: ctx.t(`stage.${to}`) })) };
    },
  }),
);

export const takeLead = defineAction({
  name: "lead.take",
  async run(leadId, ctx) {
    const lead = await ctx.services.leads.take(ctx.actor, { id: leadId });
    return { kind: "edit", reply: leadCard(lead, ctx, ctx.t("lead.assigned", { number: lead.number, owner: `@${lead.owner.handle}` })) };
  },
});

// Note, Edit and Add task need text: each opens its form about this lead (a modal on Slack, questions in the
// chat elsewhere); a dispatcher without forms answers with the command to type, the lead's number filled in.

export const noteLead = defineAction({
  name: "lead.note",
  async run(leadId, ctx) {
    const { lead } = await ctx.services.leads.show(ctx.actor, { id: leadId });
    if (ctx.forms) return { kind: "reply", reply: await ctx.forms.open("lead note", String(lead.number)) };
    return { kind: "alert", text: ctx.t("hint.lead.note", { number: lead.number }) };
  },
});

export const editLead = defineAction({
  name: "lead.edit",
  async run(leadId, ctx) {
    const lead = await ctx.services.leads.mayEdit(ctx.actor, { id: leadId });
    if (ctx.forms) return { kind: "reply", reply: await ctx.forms.open("lead edit", String(lead.number)) };
    return { kind: "alert", text: ctx.t("hint.lead.edit", { number: lead.number }) };
  },
});

export const leadTaskHint = defineAction({
  name: "lead.task",
  async run(leadId, ctx) {
    const { lead } = await ctx.services.leads.show(ctx.actor, { id: leadId });
    if (ctx.forms) return { kind: "reply", reply: await ctx.forms.open("lead task", String(lead.number)) };
    return { kind: "alert", text: ctx.t("hint.lead.task", { number: lead.number }) };
  },
});

export const archiveLead = defineAction({
  name: "lead.archive",
  async run(leadId, ctx) {
    return { kind: "edit", reply: archivedLeadReply(await ctx.services.leads.archive(ctx.actor, { id: leadId }), ctx, UNDO_MINUTES) };
  },
});

/** Undo: within UNDO_MINUTES of the archive the lead and its follow-up come back; later, an alert says so. */
export const undoLeadArchive = defineAction({
  name: "lead.undo",
  async run(leadId, ctx) {
    const lead = await ctx.services.leads.restore(ctx.actor, { id: leadId }, originOf(ctx));
    return { kind: "edit", reply: leadCard(lead, ctx, ctx.t("lead.restored", { number: lead.number })) };
  },
});

export const leadActions = [showLead, ...stageActions, takeLead, noteLead, editLead, leadTaskHint, archiveLead, undoLeadArchive];
