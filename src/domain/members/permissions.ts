import { DomainError } from "../shared/errors.js";
import type { Member, Role } from "./member.js";

/**
 * Who may do what: the one permission table. Every write use case asks `mustBeAllowed` before it changes
 * anything; a refusal is the rule's catalog key, one line naming who may do it. The README's table is
 * generated from this one (`permissionRows`) and a test keeps the two equal.
 *
 * A rule allows some roles outright, and some people by their tie to the record: the lead's owner, the
 * task's assignee, the record's creator. The owner may do everything an admin may.
 */
export type RecordTie = "lead_owner" | "assignee" | "creator";

export type Rule = { roles: readonly Role[]; ties: readonly RecordTie[]; refusal: string };

const EVERYONE: readonly Role[] = ["owner", "admin", "approver", "member"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const APPROVERS: readonly Role[] = ["owner", "admin", "approver"];

/** Every refusal's catalog key starts so: the dispatcher answers it as the one line it is. */
export const REFUSAL_PREFIX = "denied.";

const rule = (roles: readonly Role[], ties: readonly RecordTie[], refusal: `${typeof REFUSAL_PREFIX}${string}`): Rule => ({ roles, ties, refusal });

export const PERMISSIONS = {
  "lead.add": rule(EVERYONE, [], "denied.everyone"),
  "lead.note": rule(EVERYONE, [], "denied.everyone"),
  "lead.stage": rule(ADMINS, ["lead_owner"], "denied.lead.stage"),
  "lead.assign": rule(ADMINS, ["lead_owner"], "denied.lead.assign"),
  "lead.followup": rule(ADMINS, ["lead_owner"], "denied.lead.followup"),
  "lead.edit": rule(ADMINS, ["lead_owner"], "denied.lead.edit"),
  "lead.archive": rule(ADMINS, ["lead_owner"], "denied.lead.archive"),
  "task.add": rule(EVERYONE, [], "denied.everyone"),
  "task.change": rule(ADMINS, ["assignee", "creator"], "denied.task.change"),
  "task.archive": rule(ADMINS, ["assignee", "creator"], "denied.task.archive"),
  "invoice.create": rule(EVERYONE, [], "denied.everyone"),
  "invoice.edit": rule(ADMINS, ["creator"], "denied.invoice.edit"),
  "invoice.submit": rule(ADMINS, ["creator"], "denied.invoice.submit"),
  "invoice.discard": rule(ADMINS, ["creator"], "denied.invoice.discard"),
  "invoice.approve": rule(APPROVERS, [], "denied.invoice.approve"),
  "invoice.send": rule(APPROVERS, ["creator"], "denied.invoice.send"),
  "invoice.pay": rule(APPROVERS, [], "denied.invoice.pay"),
  "invoice.void": rule(ADMINS, [], "denied.invoice.void"),
  "settings.change": rule(ADMINS, [], "denied.settings"),
  "settings.language": rule(ADMINS, [], "denied.settings"),
  "approvals.change": rule(ADMINS, [], "denied.approvals"),
  "role.set": rule(ADMINS, [], "denied.role"),
  "workspace.join_code": rule(ADMINS, [], "denied.join_code"),
  "workspace.join": rule(ADMINS, [], "denied.join"),
  "me.timezone": rule(EVERYONE, [], "denied.everyone"),
  "me.language": rule(EVERYONE, [], "denied.everyone"),
  "me.calendar": rule(EVERYONE, [], "denied.everyone"),
  "link.identity": rule(EVERYONE, [], "denied.everyone"),
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

/** The record's people, by member id: whose lead it is, whose task, who created it. */
export type Ties = Partial<Record<RecordTie, string | null | undefined>>;

export function may(member: Pick<Member, "id" | "role">, permission: Permission, ties: Ties = {}): boolean {
  const { roles, ties: allowedTies }: Rule = PERMISSIONS[permission];
  return roles.includes(member.role) || allowedTies.some((tie) => ties[tie] === member.id);
}

/** Throws the rule's refusal (a catalog key; `params` fill it) unless `member` may. Nothing has changed yet. */
export function mustBeAllowed(
  member: Pick<Member, "id" | "role">,
  permission: Permission,
  ties: Ties = {},
  params: Record<string, string | number> = {},
): void {
  if (!may(member, permission, ties)) throw new DomainError(PERMISSIONS[permission].refusal, params);
}

const TIE_NAMES: Record<RecordTie, string> = { lead_owner: "the lead's owner", assignee: "the assignee", creator: "the creator" };

/** The table as the README shows it: one row per permission, who may. */
export function permissionRows(): Array<[Permission, string]> {
  return (Object.entries(PERMISSIONS) as Array<[Permission, Rule]>).map(([name, { roles, ties }]) => {
    const who = roles.length === EVERYONE.length ? ["every member"] : [...roles, ...ties.map((tie) => TIE_NAMES[tie])];
    return [name, who.join(", ")];
  });
}
