import type { Calendar } from "../shared/calendar.js";
import type { Member, Role, Workspace, WorkspaceSettings } from "./member.js";
import type { LinkedChat } from "./member.repo.js";

/** Workspace-level settings and member profile changes. Every method is scoped to one workspace. */
export type WorkspaceRepo = {
  /** Shallow-merges `patch` into the workspace's settings atomically (concurrent changes to other keys survive). */
  updateSettings(workspaceId: string, patch: WorkspaceSettings): Promise<Workspace>;
  setWorkspaceTimezone(workspaceId: string, timezone: string): Promise<Workspace>;
  setMemberTimezone(workspaceId: string, memberId: string, timezone: string | null): Promise<Member>;
  /** The member's calendar; null follows their language. */
  setMemberCalendar(workspaceId: string, memberId: string, calendar: Calendar | null): Promise<Member>;
  setMemberRole(workspaceId: string, memberId: string, role: Role): Promise<Member>;
  /** The language of members who have not chosen one. */
  setWorkspaceLocale(workspaceId: string, locale: string): Promise<Workspace>;
  /** A member's own language; null follows the workspace's. */
  setMemberLocale(workspaceId: string, memberId: string, locale: string | null): Promise<Member>;
  members(workspaceId: string): Promise<Member[]>;
  /** The chat spaces that belong to the workspace, oldest first. */
  chats(workspaceId: string): Promise<LinkedChat[]>;
};
