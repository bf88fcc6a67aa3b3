import type { Actor, Member, Workspace } from "../members/member.js";
import { mustBeAllowed } from "../members/permissions.js";
import type { WorkspaceRepo } from "../members/workspace.repo.js";
import type { Language } from "./language.js";

/** Who reads which language: the workspace's default, and each person's own choice over it. */
export function createLanguageUseCases({ workspaces }: { workspaces: Pick<WorkspaceRepo, "setWorkspaceLocale" | "setMemberLocale"> }) {
  return {
    /** The language of everyone who has not chosen their own. Admins and the owner only. */
    async setWorkspaceLanguage(actor: Actor, language: Language): Promise<Workspace> {
      mustBeAllowed(actor.member, "settings.language");
      return workspaces.setWorkspaceLocale(actor.workspace.id, language);
    },

    /** The caller's own language; null follows the workspace's again. Anyone may set their own. */
    async setMyLanguage(actor: Actor, language: Language | null): Promise<Member> {
      mustBeAllowed(actor.member, "me.language");
      return workspaces.setMemberLocale(actor.workspace.id, actor.member.id, language);
    },
  };
}

export type LanguageUseCases = ReturnType<typeof createLanguageUseCases>;
