import { DateTime } from "luxon";
import { z } from "zod";
import type { Lead, Stage, TimelineEntry } from "../../domain/leads/lead.js";
import { isStage, STAGES } from "../../domain/leads/lead.js";
import { currencyWord, tomanAsRials, type AmountText } from "../../domain/shared/money.js";
import { asciiDigits, asciiNumerals } from "../../domain/shared/numerals.js";
import type { Field, Reply } from "../render/reply.js";
import { reply } from "../render/reply.js";
import { defineCommand, headAndRest, leadNumber, requiredText, wordsOf, type CommandContext } from "./registry.js";
import { quotedTokens } from "./tokenize.js";

const stage = z.string({ error: "args.stage" }).transform((text, ctx) => {
  const value = text.toLowerCase();
  if (!isStage(value)) {
    ctx.addIssue({ code: "custom", message: "args.stage" });
    return z.NEVER;
  }
  return value;
});

export const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
export const PHONE = /^\+?[\d\s().-]{5,20}$/;
/** A word that starts like a number ("5000", "-5", "۴۵۰٬۰۰۰", "5000USD"): the name has ended there. */
const AMOUNT_START = /^[+-]?\d/;

/**
 * `/lead add <name> [<amount> [<CURRENCY>]] [email:<e>] [phone:<p>]`. THE RULE: the name ends where an
 * amount begins. When the last word (email: and phone: aside) starts like a number, or is a currency
 * (an ISO code, toman or rial) right after a word that does, those words are the lead's value and must
 * read as one: "Acme 5000" (the workspace's currency), "Acme 5,000.50 USD", "شرکت آرین ۴۵۰٬۰۰۰٬۰۰۰ IRR",
 * "Acme 5000 toman" (50,000 IRR). Anything else there ("-5000 USD", "5000USD", "5k") is refused with an
 * example, never kept as part of the name. A name that ends in a number is quoted: "Studio 54".
 */
export const leadAddArgs = z.string().transform((text, ctx) => {
  let email: string | null = null;
  let phone: string | null = null;
  const rest: { text: string; quoted: boolean }[] = [];
  for (const token of quotedTokens(text)) {
    const [, key, value] = token.quoted ? [] : (/^(email|phone):(.*)$/i.exec(token.text) ?? []);
    if (key?.toLowerCase() === "email") {
      if (!EMAIL.test(value!)) ctx.addIssue({ code: "custom", message: "args.email", params: { value } });
      email = value!;
    } else if (key?.toLowerCase() === "phone") {
      if (!PHONE.test(asciiDigits(value!))) ctx.addIssue({ code: "custom", message: "args.phone", params: { value } });
      phone = value!;
    } else rest.push(token);
  }
  const startsLikeNumber = (token: { text: string; quoted: boolean } | undefined) =>
    token !== undefined && !token.quoted && AMOUNT_START.test(asciiNumerals(token.text));
  const last = rest.at(-1);
  const currency = last && !last.quoted ? currencyWord(last.text) : null;
  const amountAt = currency && startsLikeNumber(rest.at(-2)) ? rest.length - 2 : startsLikeNumber(last) ? rest.length - 1 : -1;
  if (last && !currency && /^[A-Za-z]{3}$/.test(last.text) && startsLikeNumber(rest.at(-2))) {
    ctx.addIssue({ code: "custom", message: "args.unknown_currency", params: { value: last.text } });
    return z.NEVER;
  }
  let value: AmountText | null = null;
  if (amountAt >= 0) {
    const amount = rest[amountAt]!.text;
    const glued = /^[+-]?[\d.,]+\s*([^\d\s.,]+)$/.exec(asciiNumerals(amount));
    if (glued && amountAt === rest.length - 1 && currencyWord(glued[1]!)) {
      ctx.addIssue({ code: "custom", message: "args.amount_glued", params: { text: amount, example: `${amount.slice(0, -glued[1]!.length)} ${glued[1]}` } });
      return z.NEVER;
    }
    if (!/^\d[\d,]*(\.\d+)?$/.test(asciiNumerals(amount))) {
      ctx.addIssue({ code: "custom", message: /^-/.test(amount) ? "money.negative" : "money.bad_amount", params: { text: amount } });
      return z.NEVER;
    }
    const named = amountAt === rest.length - 2 ? currency : null;
    value = { amount: named?.toman ? tomanAsRials(amount) : amount, currency: named?.currency ?? null };
    rest.splice(amountAt);
  }
  if (rest.length === 0) {
    ctx.addIssue({ code: "custom", message: "args.name_required" });
    return z.NEVER;
  }
  return { name: rest.map((token) => token.text).join(" "), value, email, phone };
});

const listScope = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx) => {
    if (text === "" || text === "open") return { kind: "open" as const };
    if (text === "all" || text === "mine") return { kind: text as "all" | "mine" };
    if (isStage(text)) return { kind: "stage" as const, stage: text };
    ctx.addIssue({ code: "custom", message: "args.list_scope" });
    return z.NEVER;
  });

export function leadFields(lead: Lead, { t, fmt }: CommandContext): Field[] {
  const fields: Field[] = [
    { label: t("lead.field.name"), value: lead.title },
    { label: t("lead.field.value"), value: lead.value ? fmt.money(lead.value) : t("lead.no_value") },
    { label: t("lead.field.stage"), value: t(`stage.${lead.stage}`) },
    { label: t("lead.field.owner"), value: `@${lead.owner.handle}` },
  ];
  if (lead.contact.name !== lead.title) fields.push({ label: t("lead.field.contact"), value: lead.contact.name });
  if (lead.contact.email) fields.push({ label: t("lead.field.email"), value: lead.contact.email });
  if (lead.contact.phone) fields.push({ label: t("lead.field.phone"), value: lead.contact.phone });
  if (lead.nextFollowUpAt) fields.push({ label: t("lead.field.followup"), value: fmt.dateTime(lead.nextFollowUpAt) });
  return fields;
}

export function leadRow(lead: Lead, { t, fmt }: CommandContext): string {
  return t("lead.list.row", {
    number: lead.number,
    title: lead.title,
    value: lead.value ? fmt.money(lead.value) : t("lead.no_value"),
    stage: t(`stage.${lead.stage}`),
    owner: `@${lead.owner.handle}`,
  });
}

function timelineLine(entry: TimelineEntry, { t, fmt }: CommandContext): string {
  const when = fmt.dateTime(entry.at);
  const actor = entry.actor ?? t("timeline.someone");
  const [from, to] = Object.values(entry.changes)[0] ?? [null, null];
  switch (entry.action) {
    case "lead.created":
      return t("timeline.lead.created", { when, actor });
    case "lead.stage":
      return t("timeline.lead.stage", { when, actor, from: t(`stage.${from as Stage}`), to: t(`stage.${to as Stage}`) });
    case "lead.owner":
      return t("timeline.lead.owner", { when, actor, from: `@${from}`, to: `@${to}` });
    case "lead.note":
      return t("timeline.lead.note", { when, actor, text: String(to) });
    case "lead.followup":
      return t("timeline.lead.followup", {
        when,
        actor,
        to: typeof to === "string" ? fmt.dateTime(DateTime.fromISO(to, { zone: "utc" })) : t("timeline.none"),
      });
    default:
      return t("timeline.other", { when, actor, action: entry.action });
  }
}

export const leadAdd = defineCommand({
  name: "lead add",
  usage: "/lead add <name> [<amount> [<CURRENCY>]] [email:<e>] [phone:<p>]",
  example: "/lead add Acme Corp 5000 USD email:ops@acme.example",
  summary: "cmd.lead.add",
  args: leadAddArgs,
  async run(input, ctx) {
    const lead = await ctx.services.leads.add(ctx.actor, input);
    return reply.card(ctx.t("lead.created", { number: lead.number }), leadFields(lead, ctx));
  },
});

export const leadList = defineCommand({
  name: "lead list",
  usage: "/lead list [mine|all|<stage>]",
  example: "/lead list mine",
  summary: "cmd.lead.list",
  args: listScope,
  async run(scope, ctx): Promise<Reply> {
    const { leads, total } = await ctx.services.leads.list(ctx.actor, scope);
    const title =
      scope.kind === "stage"
        ? ctx.t("lead.list.title.stage", { stage: ctx.t(`stage.${scope.stage}`) })
        : ctx.t(`lead.list.title.${scope.kind}`);
    if (leads.length === 0) return { title, lines: [ctx.t("lead.list.empty")], tone: "info" };
    return {
      title,
      lines: leads.map((lead) => leadRow(lead, ctx)),
      footer: ctx.t("lead.list.count", { shown: ctx.fmt.number(leads.length), total }),
      tone: "info",
    };
  },
});

export const leadShow = defineCommand({
  name: "lead show",
  usage: "/lead show <id>",
  example: "/lead show 12",
  summary: "cmd.lead.show",
  args: wordsOf(z.tuple([leadNumber])),
  async run([number], ctx) {
    const { lead, timeline } = await ctx.services.leads.show(ctx.actor, number);
    return {
      title: `#${lead.number} ${lead.title}`,
      fields: leadFields(lead, ctx),
      lines: [
        ctx.t("lead.timeline"),
        ...(timeline.length ? timeline.map((entry) => timelineLine(entry, ctx)) : [ctx.t("lead.timeline.empty")]),
      ],
      tone: "info",
    };
  },
});

export const leadStage = defineCommand({
  name: "lead stage",
  usage: `/lead stage <id> <${STAGES.join("|")}>`,
  example: "/lead stage 12 qualified",
  summary: "cmd.lead.stage",
  args: wordsOf(z.tuple([leadNumber, stage])),
  async run([number, to], ctx) {
    const lead = await ctx.services.leads.moveStage(ctx.actor, number, to);
    return reply.card(ctx.t("lead.staged", { number, stage: ctx.t(`stage.${to}`) }), leadFields(lead, ctx));
  },
});

export const leadNote = defineCommand({
  name: "lead note",
  usage: "/lead note <id> <text>",
  example: "/lead note 12 Called Sara, she wants a quote by Friday",
  summary: "cmd.lead.note",
  args: headAndRest(leadNumber, requiredText()),
  async run([number, text], ctx) {
    await ctx.services.leads.addNote(ctx.actor, number, text);
    return { lines: [ctx.t("lead.noted", { number })], tone: "ok" };
  },
});

export const leadAssign = defineCommand({
  name: "lead assign",
  usage: "/lead assign <id> <@member>",
  example: "/lead assign 12 @anna",
  summary: "cmd.lead.assign",
  args: headAndRest(leadNumber, requiredText("args.member_required")),
  async run([number, mention], ctx) {
    const lead = await ctx.services.leads.assign(ctx.actor, number, mention);
    return reply.card(ctx.t("lead.assigned", { number, owner: `@${lead.owner.handle}` }), leadFields(lead, ctx));
  },
});

export const leadFind = defineCommand({
  name: "lead find",
  usage: "/lead find <text>",
  example: "/lead find acme",
  summary: "cmd.lead.find",
  args: requiredText(),
  async run(text, ctx): Promise<Reply> {
    const leads = await ctx.services.leads.find(ctx.actor, text);
    if (leads.length === 0) return { lines: [ctx.t("lead.find.empty", { text })], tone: "info" };
    return { title: ctx.t("lead.find.title", { text }), lines: leads.map((lead) => leadRow(lead, ctx)), tone: "info" };
  },
});

export const leadCommands = [leadAdd, leadList, leadShow, leadStage, leadNote, leadAssign, leadFind];
