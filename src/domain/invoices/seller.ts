import type { Workspace, WorkspaceSettings } from "../members/member.js";

/** The seller's details printed on an invoice, set by admins with `/crm settings business <field> <text>`. */
export const SELLER_FIELDS = ["name", "address", "tax-id", "phone"] as const;
export type SellerField = (typeof SELLER_FIELDS)[number];

export type Seller = { name: string; address: string | null; taxId: string | null; phone: string | null };

/** One workspace settings key per field (shallow-merged jsonb), so two admins setting two fields at once both stick. */
export const SELLER_SETTINGS: Record<SellerField, string> = {
  name: "businessName",
  address: "businessAddress",
  "tax-id": "businessTaxId",
  phone: "businessPhone",
};

/** Long enough for a postal address on one line of the PDF; longer text is refused, not cut. */
export const MAX_SELLER_TEXT = 200;

const text = (settings: WorkspaceSettings, field: SellerField): string | null => {
  const value = settings[SELLER_SETTINGS[field]];
  return typeof value === "string" && value.trim() !== "" ? value : null;
};

/** The seller as the settings describe it; without a business name, the workspace's own name (its chat's). */
export function sellerOf(workspace: Pick<Workspace, "name" | "settings">): Seller {
  const { settings } = workspace;
  return {
    name: text(settings, "name") ?? workspace.name,
    address: text(settings, "address"),
    taxId: text(settings, "tax-id"),
    phone: text(settings, "phone"),
  };
}
