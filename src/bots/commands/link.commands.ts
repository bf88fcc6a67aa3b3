import { z } from "zod";
import { defineCommand } from "./registry.js";

/** Nothing (ask for a code) or a one-time code: 8 letters and digits, any case. */
export const optionalCode = z
  .string()
  .trim()
  .regex(/^([A-Za-z0-9]{8})?$/, "args.link_code");

/** `/crm link` prints a code; `/crm link <code>` sent from the other platform redeems it. */
export const crmLink = defineCommand({
  name: "crm link",
  usage: "/crm link [<code>]",
  example: "/crm link K7QP2XWM",
  summary: "cmd.crm.link",
  args: optionalCode,
  async run(code, ctx) {
    if (!ctx.caller) throw new Error("crm link needs the caller");
    if (code === "") {
      const issued = await ctx.services.links.issue(ctx.actor, ctx.caller);
      return {
        title: ctx.t("link.code", { code: issued.code }),
        lines: [ctx.t("link.how", { code: issued.code, minutes: issued.minutes })],
        private: true,
        tone: "info",
      };
    }
    const linked = await ctx.services.links.redeem(ctx.caller, code);
    return { lines: [ctx.t("link.done", { handle: `@${linked.handle}`, workspace: linked.workspaceName })], tone: "ok" };
  },
});
