import { DomainError } from "../shared/errors.js";
import type { Actor, Member } from "./member.js";
import type { CallerKey, MemberRepo } from "./member.repo.js";
import type { WorkspaceRepo } from "./workspace.repo.js";

/** Which workspace a chat works in, who is in it, and the private chat's choice among a person's workspaces. */
export function createWorkspaceUseCases({ members, workspaces }: { members: MemberRepo; workspaces: WorkspaceRepo }) {
  return {
    /** This chat's workspace: its owner and the chats that belong to it. */
    async overview(actor: Actor) {
      const [all, chats] = [await workspaces.members(actor.workspace.id), await workspaces.chats(actor.workspace.id)];
      return { workspace: actor.workspace, owner: all.find((member) => member.role === "owner") ?? null, chats, you: actor.member };
    },

    members: (actor: Actor): Promise<Member[]> => workspaces.members(actor.workspace.id),

    /** Every workspace the caller is a member of, oldest first. */
    mine: (caller: CallerKey): Promise<Actor[]> => members.memberships(caller),

    /** Makes the caller's private chat work in `workspaceId`, where they must be a member. */
    async use(caller: CallerKey, workspaceId: string): Promise<Actor> {
      const actor = await members.useWorkspace(caller, workspaceId);
      if (!actor) throw new DomainError("use.not_member");
      return actor;
    },
  };
}

export type WorkspaceUseCases = ReturnType<typeof createWorkspaceUseCases>;
