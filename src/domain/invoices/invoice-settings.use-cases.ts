import type { Actor, Platform } from "../members/member.js";
import { mustBeAllowed } from "../members/permissions.js";
import type { WorkspaceRepo } from "../members/workspace.repo.js";
import type { Money } from "../shared/money.js";
import { approvalPolicy, SETTINGS, type ApprovalPolicy } from "./invoice.policy.js";

/** The invoice approval policy, changed by admins and owners only. Each change is one atomic jsonb merge. */
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
  };
}

export type InvoiceSettingsUseCases = ReturnType<typeof createInvoiceSettingsUseCases>;
