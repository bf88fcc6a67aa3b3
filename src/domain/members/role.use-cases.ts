import type { Actor, Member, Role } from "./member.js";
import { mustBeAllowed } from "./permissions.js";
import type { MemberRepo } from "./member.repo.js";
import type { WorkspaceRepo } from "./workspace.repo.js";
import { DomainError } from "../shared/errors.js";

/** The roles `/crm role` may give: ownership is not handed out by a chat command. */
export const ASSIGNABLE_ROLES = ["approver", "admin", "member"] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export function createRoleUseCases({ members, workspaces }: { members: MemberRepo; workspaces: WorkspaceRepo }) {
  return {
    /** Admins and the owner set another member's role; the owner's own role never changes this way. */
    async setRole(actor: Actor, mention: string, role: AssignableRole): Promise<Member> {
      mustBeAllowed(actor.member, "role.set");
      const target = await members.findByMention(actor.workspace.id, mention);
      if (!target) throw new DomainError("member.not_found", { mention });
      if (target.role === "owner") throw new DomainError("role.owner_fixed", { handle: `@${target.handle}` });
      if (target.role === role) return target;
      return workspaces.setMemberRole(actor.workspace.id, target.id, role);
    },
  };
}

export type RoleUseCases = ReturnType<typeof createRoleUseCases>;
