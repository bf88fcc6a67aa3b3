import { isAdmin, type Actor, type Member, type Workspace } from "../members/member.js";
import type { WorkspaceRepo } from "../members/workspace.repo.js";
import { DomainError } from "../shared/errors.js";
import type { Language } from "./language.js";

/** Who reads which language: the workspace's default, and each person's own choice over it. */
export function createLanguageUseCases({ workspaces }: { workspaces: Pick<WorkspaceRepo, "setWorkspaceLocale" | "setMemberLocale"> }) {
  return {
    /** The language of everyone who has not chosen their own. Admins and the owner only. */
    async setWorkspaceLanguage(actor: Actor, language: Language): Promise<Workspace> {
      if (!isAdmin(actor.member)) throw new DomainError("settings.admins_only");
      return workspaces.setWorkspaceLocale(actor.workspace.id, language);
    },

    /** The caller's own language; null follows the workspace's again. Anyone may set their own. */
    async setMyLanguage(actor: Actor, language: Language | null): Promise<Member> {
      return workspaces.setMemberLocale(actor.workspace.id, actor.member.id, language);
    },
  };
}

export type LanguageUseCases = ReturnType<typeof createLanguageUseCases>;
