import { z } from "zod";
import type { ApprovalPolicy } from "../../domain/invoices/invoice.policy.js";
import { ASSIGNABLE_ROLES, type AssignableRole } from "../../domain/members/role.use-cases.js";
import { DomainError } from "../../domain/shared/errors.js";
import { currencyWord, parseAmount, tomanAsRials, type Money } from "../../domain/shared/money.js";
import type { Reply } from "../render/reply.js";
import { defineCommand, headAndRest, requiredText, type CommandContext } from "./registry.js";

const onOff = z
  .string()
  .trim()
  .toLowerCase()
  .refine((word) => word === "on" || word === "off", "args.on_off")
  .transform((word) => word === "on");

const hereOff = z
  .string()
  .trim()
  .toLowerCase()
  .refine((word) => word === "here" || word === "off", "args.here_off")
  .transform((word) => word === "here");

/** `1000 USD`, `۱۰۰۰ USD`, `50,000,000 toman` or `off`. */
const threshold = z.string().transform((text, ctx): Money | null => {
  const value = text.trim();
  if (/^off$/i.test(value)) return null;
  const match = /^(\S+)\s+(\S+)$/.exec(value);
  const currency = match ? currencyWord(match[2]!) : null;
  if (!match || !currency) {
    ctx.addIssue({ code: "custom", message: "args.approval_threshold" });
    return z.NEVER;
  }
  try {
    return parseAmount(currency.toman ? tomanAsRials(match[1]!) : match[1]!, currency.currency);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    ctx.addIssue({ code: "custom", message: error.code, params: error.params });
    return z.NEVER;
  }
});

const role = z
  .string()
  .trim()
  .toLowerCase()
  .refine((word): word is AssignableRole => (ASSIGNABLE_ROLES as readonly string[]).includes(word), "args.role")
  .transform((word) => word as AssignableRole);

/** The whole approval policy as a card, so every change shows where things now stand. */
export function policyReply(policy: ApprovalPolicy, ctx: CommandContext, headline: string): Reply {
  const { t } = ctx;
  const here = ctx.origin && policy.approvalsChat?.platform === ctx.origin.platform && policy.approvalsChat.chatId === ctx.origin.chatId;
  return {
    title: t("approvals.title"),
    fields: [
      {
        label: t("approvals.threshold"),
        value: policy.threshold ? t("approvals.at_least", { amount: ctx.fmt.money(policy.threshold) }) : t("approvals.never"),
      },
      { label: t("approvals.four_eyes"), value: t(policy.fourEyes ? "approvals.four_eyes.on" : "approvals.four_eyes.off") },
      {
        label: t("approvals.chat"),
        value: policy.approvalsChat ? t(here ? "approvals.chat.here" : "approvals.chat.other") : t("approvals.chat.none"),
      },
    ],
    lines: [headline],
    tone: "ok",
  };
}

export const approvalThreshold = defineCommand({
  name: "crm settings approval",
  usage: "/crm settings approval <amount> <CURRENCY>|off",
  example: "/crm settings approval 1000 USD",
  summary: "cmd.approvals.threshold",
  args: threshold,
  async run(value, ctx) {
    const policy = await ctx.services.invoiceSettings.setThreshold(ctx.actor, value);
    return policyReply(policy, ctx, ctx.t("approvals.changed"));
  },
});

export const fourEyes = defineCommand({
  name: "crm settings four-eyes",
  usage: "/crm settings four-eyes on|off",
  example: "/crm settings four-eyes on",
  summary: "cmd.approvals.four_eyes",
  args: onOff,
  async run(on, ctx) {
    const policy = await ctx.services.invoiceSettings.setFourEyes(ctx.actor, on);
    return policyReply(policy, ctx, ctx.t("approvals.changed"));
  },
});

export const approvalsChat = defineCommand({
  name: "crm settings approvals-chat",
  usage: "/crm settings approvals-chat here|off",
  example: "/crm settings approvals-chat here",
  summary: "cmd.approvals.chat",
  args: hereOff,
  async run(here, ctx) {
    if (here && !ctx.origin) throw new DomainError("approvals.chat_unknown");
    const policy = await ctx.services.invoiceSettings.setApprovalsChat(ctx.actor, here ? ctx.origin! : null);
    return policyReply(policy, ctx, ctx.t("approvals.changed"));
  },
});

export const crmRole = defineCommand({
  name: "crm role",
  usage: "/crm role <@member> <approver|admin|member>",
  example: "/crm role @anna approver",
  summary: "cmd.crm.role",
  args: headAndRest(requiredText("args.member_required"), role),
  async run([mention, to], ctx): Promise<Reply> {
    const member = await ctx.services.roles.setRole(ctx.actor, mention, to);
    return { lines: [ctx.t("role.set", { handle: `@${member.handle}`, role: ctx.t(`role.name.${to}`) })], tone: "ok" };
  },
});

export const approvalSettingsCommands = [approvalThreshold, fourEyes, approvalsChat, crmRole];
