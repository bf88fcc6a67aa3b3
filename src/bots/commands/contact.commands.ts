import { z } from "zod";
import type { Contact } from "../../domain/contacts/contact.js";
import type { ContactRef } from "../../domain/contacts/contact.use-cases.js";
import { asciiDigits } from "../../domain/shared/numerals.js";
import type { Reply } from "../render/reply.js";
import { button, defineAction } from "./actions.js";
import { leadRow } from "./lead.card.js";
import { defineCommand, noArgs, type CommandContext } from "./registry.js";

/** "3", "#3", "۳": a contact's number; anything else is its name ("Acme Corp", "شرکت آریا"). */
const contactRef = z
  .string()
  .trim()
  .min(1, "args.contact_ref")
  .transform((text): ContactRef => (/^#?\d{1,9}$/.test(asciiDigits(text)) ? Number(asciiDigits(text).replace("#", "")) : { name: text }));

// A contact card shows this many of its leads as buttons; the rest are rows to read.
const LEAD_BUTTONS = 5;

function contactRow(contact: Contact, { t }: CommandContext): string {
  const reach = [contact.email, contact.phone].filter(Boolean).join(", ") || t("contact.no_reach");
  return t("contact.list.row", { number: contact.number, name: contact.name, reach, open: contact.openLeads });
}

export async function contactCard(ref: ContactRef, ctx: CommandContext): Promise<Reply> {
  const { t } = ctx;
  const { contact, leads, total } = await ctx.services.contacts.show(ctx.actor, ref);
  const fields = [
    ...(contact.email ? [{ label: t("contact.field.email"), value: contact.email }] : []),
    ...(contact.phone ? [{ label: t("contact.field.phone"), value: contact.phone }] : []),
    { label: t("contact.field.open"), value: ctx.fmt.number(contact.openLeads) },
  ];
  return {
    title: t("contact.title", { number: contact.number, name: contact.name }),
    fields,
    lines: [t("contact.leads"), ...(leads.length ? leads.map((lead) => leadRow(lead, ctx)) : [t("contact.leads.empty")])],
    ...(total > leads.length ? { footer: t("contact.leads.more", { shown: ctx.fmt.number(leads.length), total }) } : {}),
    ...(leads.length
      ? { actions: leads.slice(0, LEAD_BUTTONS).map((lead) => button(ctx, "lead.show", lead.id, t("button.open_lead", { number: lead.number }))) }
      : {}),
    tone: "info",
  };
}

export const contactList = defineCommand({
  name: "contact list",
  reads: true,
  usage: "/contact list",
  example: "/contact list",
  summary: "cmd.contact.list",
  args: noArgs,
  async run(_input, ctx): Promise<Reply> {
    const { contacts, total } = await ctx.services.contacts.list(ctx.actor);
    const title = ctx.t("contact.list.title");
    if (contacts.length === 0) return { title, lines: [ctx.t("contact.list.empty")], tone: "info" };
    return {
      title,
      lines: contacts.map((contact) => contactRow(contact, ctx)),
      footer: ctx.t("contact.list.count", { shown: ctx.fmt.number(contacts.length), total }),
      tone: "info",
    };
  },
});

export const contactShow = defineCommand({
  name: "contact show",
  reads: true,
  usage: "/contact show <id|name>",
  example: "/contact show Acme Corp",
  summary: "cmd.contact.show",
  args: contactRef,
  run: (ref, ctx) => contactCard(ref, ctx),
});

/** "Open contact #2" under a duplicate warning. */
export const showContact = defineAction({
  name: "contact.show",
  async run(contactId, ctx) {
    return { kind: "edit", reply: await contactCard({ id: contactId }, ctx) };
  },
});

export const contactCommands = [contactList, contactShow];
