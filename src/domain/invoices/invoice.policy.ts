import type { Member, Platform, WorkspaceSettings } from "../members/member.js";
import { may } from "../members/permissions.js";
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

/**
 * Why `member` may not decide on an invoice created by `creatorId`, or null when they may. Under four-eyes
 * a chat speaking for itself (a group's anonymous admins, a channel) never counts: nobody can tell whether
 * the creator is behind it.
 */
export function decisionRefusal(
  policy: ApprovalPolicy,
  member: Member,
  creatorId: string,
): "not_approver" | "own_invoice" | "anonymous" | null {
  if (!may(member, "invoice.approve")) return "not_approver";
  if (policy.fourEyes && member.id === creatorId) return "own_invoice";
  if (policy.fourEyes && member.kind !== "person") return "anonymous";
  return null;
}

/** The catalog key of each refusal, with `{ref}` to fill. */
export const DECISION_REFUSALS = {
  not_approver: "invoice.not_approver",
  own_invoice: "invoice.own_invoice",
  anonymous: "invoice.anonymous_four_eyes",
} as const;

/** The members an approval request goes to. */
export function approversFor(policy: ApprovalPolicy, members: readonly Member[], creatorId: string): Member[] {
  return members.filter((member) => decisionRefusal(policy, member, creatorId) === null);
}
