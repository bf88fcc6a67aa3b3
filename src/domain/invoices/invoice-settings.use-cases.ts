import type { Actor, Platform } from "../members/member.js";
import { mustBeAllowed } from "../members/permissions.js";
import { DomainError } from "../shared/errors.js";
import type { WorkspaceRepo } from "../members/workspace.repo.js";
import type { Money } from "../shared/money.js";
import { approvalPolicy, SETTINGS, type ApprovalPolicy } from "./invoice.policy.js";
import { MAX_SELLER_TEXT, SELLER_SETTINGS, sellerOf, type Seller, type SellerField } from "./seller.js";

/** The invoice approval policy and the seller's details, changed by admins and owners only. Each change is one atomic jsonb merge. */
export function createInvoiceSettingsUseCases({ workspaces }: { workspaces: WorkspaceRepo }) {
  async function change(actor: Actor, patch: Record<string, unknown>): Promise<ApprovalPolicy> {
    mustBeAllowed(actor.member, "approvals.change");
    const workspace = await workspaces.updateSettings(actor.workspace.id, patch);
    return approvalPolicy(workspace.settings);
  }
  return {
    policy: (actor: Actor) => approvalPolicy(actor.workspace.settings),
    setThreshold: (actor: Actor, threshold: Money | null) => change(actor, { [SETTINGS.threshold]: threshold }),
    setFourEyes: (actor: Actor, on: boolean) => change(actor, { [SETTINGS.fourEyes]: on }),
    setApprovalsChat: (actor: Actor, chat: { platform: Platform; chatId: string } | null) =>
      change(actor, { [SETTINGS.approvalsChat]: chat }),
    seller: (actor: Actor): Seller => sellerOf(actor.workspace),
    /** One of the seller's details as invoices print it; null clears it (the name then falls back to the workspace's). */
    async setSeller(actor: Actor, field: SellerField, text: string | null): Promise<Seller> {
      mustBeAllowed(actor.member, "settings.change");
      const value = text?.replace(/\s+/g, " ").trim() || null;
      if (value && [...value].length > MAX_SELLER_TEXT) throw new DomainError("business.too_long", { max: MAX_SELLER_TEXT });
      return sellerOf(await workspaces.updateSettings(actor.workspace.id, { [SELLER_SETTINGS[field]]: value }));
    },
  };
}

export type InvoiceSettingsUseCases = ReturnType<typeof createInvoiceSettingsUseCases>;
