import { reply } from "../render/reply.js";
import { defineCommand, headAndRest, leadNumber, requiredText } from "./registry.js";
import { originOf } from "./task.commands.js";

const OFF = /^(off|none|clear)$/i;

export const leadFollowUp = defineCommand({
  name: "lead followup",
  usage: "/lead followup <id> <when|off>",
  example: "/lead followup 12 tomorrow 10:00",
  summary: "cmd.lead.followup",
  args: headAndRest(leadNumber, requiredText("args.when_required")),
  async run([number, when], ctx) {
    const clear = OFF.test(when.trim());
    const lead = await ctx.services.reminders.setFollowUp(ctx.actor, number, clear ? null : when, originOf(ctx));
    if (!lead.nextFollowUpAt) return { lines: [ctx.t("followup.cleared", { number })], tone: "ok" };
    return reply.text(ctx.t("followup.set", { number, when: ctx.fmt.dateTime(lead.nextFollowUpAt), owner: `@${lead.owner.handle}` }));
  },
});
