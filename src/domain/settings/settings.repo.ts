import type { DateTime } from "luxon";
import type { Member, Workspace } from "../members/member.js";
import type { StoredSettings } from "./settings.js";

/**
 * Settings changes that move reminders: each one also re-plans the affected members' digests (their local
 * time, their working days), in the same transaction as the change.
 */
export type SettingsRepo = {
  update(workspaceId: string, patch: StoredSettings, now: DateTime): Promise<Workspace>;
  setWorkspaceTimezone(workspaceId: string, timezone: string, now: DateTime): Promise<Workspace>;
  setMemberTimezone(workspaceId: string, memberId: string, timezone: string | null, now: DateTime): Promise<Member>;
};
