import type { Member, Platform, Role, WorkspaceSettings } from "../members/member.js";
import { isCurrency, type Money } from "../shared/money.js";

/** The workspace settings keys the approval policy lives under (shallow-merged jsonb, one key per setting). */
export const SETTINGS = {
  threshold: "invoiceApprovalThreshold",
  fourEyes: "invoiceFourEyes",
  approvalsChat: "invoiceApprovalsChat",
} as const;

export type ApprovalPolicy = {
  /** Invoices at or above this need an approver's yes; null: every invoice is approved on submit. */
  threshold: Money | null;
  /** The creator of an invoice can never approve it. */
  fourEyes: boolean;
  /** A chat that gets a copy of every approval request, besides the approvers' own DMs. */
  approvalsChat: { platform: Platform; chatId: string } | null;
};

export const APPROVER_ROLES: readonly Role[] = ["approver", "admin", "owner"];

/**
 * The policy from the workspace's settings, with defaults for anything unset or malformed: no threshold
 * (nothing waits for approval until an admin asks for it) and four-eyes off (a one-person workspace could
 * otherwise never approve anything). Read here and only here.
 */
export function approvalPolicy(settings: WorkspaceSettings): ApprovalPolicy {
  const threshold = settings[SETTINGS.threshold] as { minor?: unknown; currency?: unknown } | null | undefined;
  const chat = settings[SETTINGS.approvalsChat] as { platform?: unknown; chatId?: unknown } | null | undefined;
  return {
    threshold:
      threshold &&
      Number.isSafeInteger(threshold.minor) &&
      (threshold.minor as number) >= 0 &&
      typeof threshold.currency === "string" &&
      isCurrency(threshold.currency)
        ? { minor: threshold.minor as number, currency: threshold.currency }
        : null,
    fourEyes: settings[SETTINGS.fourEyes] === true,
    approvalsChat:
      chat && typeof chat.platform === "string" && typeof chat.chatId === "string"
        ? { platform: chat.platform as Platform, chatId: chat.chatId }
        : null,
  };
}

/**
 * Whether an invoice of `total` must wait for an approver. A total in another currency than the threshold's
 * always does: without an exchange rate the safe answer is to ask.
 */
export function needsApproval(policy: ApprovalPolicy, total: Money): boolean {
  if (!policy.threshold) return false;
  return total.currency !== policy.threshold.currency || total.minor >= policy.threshold.minor;
}

/** Why `member` may not decide on an invoice created by `creatorId`, or null when they may. */
export function decisionRefusal(policy: ApprovalPolicy, member: Member, creatorId: string): "not_approver" | "own_invoice" | null {
  if (!APPROVER_ROLES.includes(member.role)) return "not_approver";
  if (policy.fourEyes && member.id === creatorId) return "own_invoice";
  return null;
}

/** The members an approval request goes to. */
export function approversFor(policy: ApprovalPolicy, members: readonly Member[], creatorId: string): Member[] {
  return members.filter((member) => decisionRefusal(policy, member, creatorId) === null);
}
