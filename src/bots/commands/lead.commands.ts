import { z } from "zod";
import { isStage, LEAD_EDIT_FIELDS, STAGES } from "../../domain/leads/lead.js";
import type { LeadEdit } from "../../domain/leads/lead.use-cases.js";
import { UNDO_MINUTES } from "../../domain/shared/archive.js";
import { currencyWord, tomanAsRials, type AmountText } from "../../domain/shared/money.js";
import { asciiDigits, asciiNumerals } from "../../domain/shared/numerals.js";
import type { Reply } from "../render/reply.js";
import { reply } from "../render/reply.js";
import { archivedLeadReply, leadCard, leadFields, leadRow, leadShowCard, similarWarning } from "./lead.card.js";

// Other modules (the capture form) take a lead's fields from here, where they lived before the cards.
export { leadFields };
import { defineCommand, fieldThenValue, headAndRest, leadNumber, requiredText, wordsOf } from "./registry.js";
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

type Token = { text: string; quoted: boolean };

/**
 * The value at the end of `rest` (THE RULE below): where it starts and what it says; null when the words
 * end in no amount; z.NEVER, with the issue added, when they end in something that is not one.
 */
function trailingAmount(rest: Token[], ctx: z.RefinementCtx): { at: number; value: AmountText } | null | false {
  const startsLikeNumber = (token: Token | undefined) =>
    token !== undefined && !token.quoted && AMOUNT_START.test(asciiNumerals(token.text));
  const last = rest.at(-1);
  const currency = last && !last.quoted ? currencyWord(last.text) : null;
  const amountAt = currency && startsLikeNumber(rest.at(-2)) ? rest.length - 2 : startsLikeNumber(last) ? rest.length - 1 : -1;
  if (last && !currency && /^[A-Za-z]{3}$/.test(last.text) && startsLikeNumber(rest.at(-2))) {
    ctx.addIssue({ code: "custom", message: "args.unknown_currency", params: { value: last.text } });
    return false;
  }
  if (amountAt < 0) return null;
  const amount = rest[amountAt]!.text;
  const glued = /^[+-]?[\d.,]+\s*([^\d\s.,]+)$/.exec(asciiNumerals(amount));
  if (glued && amountAt === rest.length - 1 && currencyWord(glued[1]!)) {
    ctx.addIssue({ code: "custom", message: "args.amount_glued", params: { text: amount, example: `${amount.slice(0, -glued[1]!.length)} ${glued[1]}` } });
    return false;
  }
  if (!/^\d[\d,]*(\.\d+)?$/.test(asciiNumerals(amount))) {
    ctx.addIssue({ code: "custom", message: /^-/.test(amount) ? "money.negative" : "money.bad_amount", params: { text: amount } });
    return false;
  }
  const named = amountAt === rest.length - 2 ? currency : null;
  return { at: amountAt, value: { amount: named?.toman ? tomanAsRials(amount) : amount, currency: named?.currency ?? null } };
}

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
  const rest: Token[] = [];
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
  const amount = trailingAmount(rest, ctx);
  if (amount === false) return z.NEVER;
  const value = amount?.value ?? null;
  if (amount) rest.splice(amount.at);
  if (rest.length === 0) {
    ctx.addIssue({ code: "custom", message: "args.name_required" });
    return z.NEVER;
  }
  return { name: rest.map((token) => token.text).join(" "), value, email, phone };
});

const CLEAR = /^(off|none|clear)$/i;

/**
 * `<field> <value>` of `/lead edit`: a name as typed; a value in `/lead add`'s money grammar ("5000",
 * "5,000 USD", "5000 toman") or off; an email or phone checked as `/lead add` checks them, or off.
 */
const leadEditArgs = z.string().transform((text, ctx): LeadEdit => {
  const edit = fieldThenValue(text, LEAD_EDIT_FIELDS, ctx, { field: "args.lead_edit_field", value: "args.edit_value" });
  if (!edit) return z.NEVER;
  const { value } = edit;
  switch (edit.field) {
    case "name":
      return { field: "name", value };
    case "value": {
      if (CLEAR.test(value)) return { field: "value", value: null };
      const tokens = quotedTokens(value);
      const amount = trailingAmount(tokens, ctx);
      if (amount === false) return z.NEVER;
      if (amount === null || amount.at !== 0) {
        ctx.addIssue({ code: "custom", message: "args.edit_amount" });
        return z.NEVER;
      }
      return { field: "value", value: amount.value };
    }
    case "email":
      if (CLEAR.test(value)) return { field: "email", value: null };
      if (!EMAIL.test(value)) ctx.addIssue({ code: "custom", message: "args.email", params: { value } });
      return { field: "email", value };
    case "phone":
      if (CLEAR.test(value)) return { field: "phone", value: null };
      if (!PHONE.test(asciiDigits(value))) ctx.addIssue({ code: "custom", message: "args.phone", params: { value } });
      return { field: "phone", value };
  }
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

export const leadAdd = defineCommand({
  name: "lead add",
  usage: "/lead add <name> [<amount> [<CURRENCY>]] [email:<e>] [phone:<p>]",
  example: "/lead add Acme Corp 5000 USD email:ops@acme.example",
  summary: "cmd.lead.add",
  args: leadAddArgs,
  async run(input, ctx) {
    const similar = await ctx.services.leads.similarTo(ctx.actor, input.name);
    const lead = await ctx.services.leads.add(ctx.actor, input);
    const card = leadCard(lead, ctx, ctx.t("lead.created", { number: lead.number }));
    if (similar.length === 0) return card;
    // The look-alikes' buttons come first: the warning is what the reader should act on.
    const warning = similarWarning(similar, ctx);
    return { ...card, lines: warning.lines, actions: [...warning.actions, ...(card.actions ?? [])] };
  },
});

export const leadList = defineCommand({
  name: "lead list",
  reads: true,
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
  reads: true,
  usage: "/lead show <id>",
  example: "/lead show 12",
  summary: "cmd.lead.show",
  args: wordsOf(z.tuple([leadNumber])),
  async run([number], ctx) {
    const { lead, timeline } = await ctx.services.leads.show(ctx.actor, number);
    return leadShowCard(lead, timeline, ctx);
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
  reads: true,
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

export const leadEdit = defineCommand({
  name: "lead edit",
  usage: "/lead edit <id> <name|value|email|phone> <value>",
  example: "/lead edit 12 value 7500 USD",
  summary: "cmd.lead.edit",
  args: headAndRest(leadNumber, leadEditArgs),
  async run([number, change], ctx) {
    const lead = await ctx.services.leads.edit(ctx.actor, number, change);
    return leadCard(lead, ctx, ctx.t("lead.edited", { number, field: ctx.t(`lead.field.${change.field}`) }));
  },
});

export const leadArchive = defineCommand({
  name: "lead archive",
  usage: "/lead archive <id>",
  example: "/lead archive 12",
  summary: "cmd.lead.archive",
  args: wordsOf(z.tuple([leadNumber])),
  async run([number], ctx) {
    return archivedLeadReply(await ctx.services.leads.archive(ctx.actor, number), ctx, UNDO_MINUTES);
  },
});

export const leadCommands = [leadAdd, leadList, leadShow, leadStage, leadNote, leadAssign, leadFind, leadEdit, leadArchive];
