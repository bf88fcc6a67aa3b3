import { z } from "zod";
import { SELLER_FIELDS, type Seller, type SellerField } from "../../domain/invoices/seller.js";
import type { Reply } from "../render/reply.js";
import { defineCommand, type CommandContext } from "./registry.js";

/** Nothing (show them), or a field and its text; `none` clears the field. */
const businessArgs = z.string().transform((text, ctx): { field: SellerField; value: string | null } | null => {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text.trim())!;
  const field = match[1]!.toLowerCase();
  const value = match[2]!.trim();
  if (field === "" && value === "") return null;
  if (!(SELLER_FIELDS as readonly string[]).includes(field) || value === "") {
    ctx.addIssue({ code: "custom", message: "args.business" });
    return z.NEVER;
  }
  return { field: field as SellerField, value: /^none$/i.test(value) ? null : value };
});

function businessReply(seller: Seller, ctx: CommandContext, headline?: string): Reply {
  const { t } = ctx;
  const value = (text: string | null) => text ?? t("business.unset");
  return {
    title: t("business.title"),
    fields: [
      { label: t("business.field.name"), value: seller.name },
      { label: t("business.field.address"), value: value(seller.address) },
      { label: t("business.field.tax_id"), value: value(seller.taxId) },
      { label: t("business.field.phone"), value: value(seller.phone) },
    ],
    ...(headline ? { lines: [headline] } : {}),
    footer: t("business.footer"),
    tone: headline ? "ok" : "info",
  };
}

export const settingsBusiness = defineCommand({
  name: "crm settings business",
  usage: "/crm settings business [<field> <text>]",
  example: "/crm settings business name Arian Design Studio",
  summary: "cmd.settings.business",
  args: businessArgs,
  async run(change, ctx) {
    if (!change) return businessReply(ctx.services.invoiceSettings.seller(ctx.actor), ctx);
    const seller = await ctx.services.invoiceSettings.setSeller(ctx.actor, change.field, change.value);
    return businessReply(seller, ctx, ctx.t("business.saved"));
  },
});
