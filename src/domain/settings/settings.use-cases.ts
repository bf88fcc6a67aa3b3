import type { Actor, Member, Workspace } from "../members/member.js";
import { mustBeAllowed } from "../members/permissions.js";
import type { Clock } from "../shared/clock.js";
import { DomainError } from "../shared/errors.js";
import { canonicalZone } from "../shared/when.js";
import type { SettingsRepo } from "./settings.repo.js";
import {
  formatTimeOfDay,
  MAX_LEAD_MINUTES,
  MAX_STALE_DAYS,
  workspaceSettings,
  type ReminderSettings,
  type TimeOfDay,
  type Weekday,
} from "./settings.js";

export type SettingsDeps = { settings: SettingsRepo; clock: Clock };

export function createSettingsUseCases({ settings, clock }: SettingsDeps) {
  function mustBeAdmin(actor: Actor) {
    mustBeAllowed(actor.member, "settings.change");
  }

  function mustBeZone(zone: string): string {
    const canonical = canonicalZone(zone);
    if (!canonical) throw new DomainError("settings.bad_zone", { zone });
    return canonical;
  }

  return {
    show(actor: Actor): { workspace: Workspace; member: Member; reminders: ReminderSettings } {
      return { workspace: actor.workspace, member: actor.member, reminders: workspaceSettings(actor.workspace) };
    },

    async setTimezone(actor: Actor, zone: string): Promise<Workspace> {
      mustBeAdmin(actor);
      return settings.setWorkspaceTimezone(actor.workspace.id, mustBeZone(zone), clock.now());
    },

    /** The caller's own zone; null goes back to the workspace's. Anyone may set their own. */
    async setMyTimezone(actor: Actor, zone: string | null): Promise<Member> {
      mustBeAllowed(actor.member, "me.timezone");
      return settings.setMemberTimezone(actor.workspace.id, actor.member.id, zone === null ? null : mustBeZone(zone), clock.now());
    },

    async setWorkdays(actor: Actor, days: Weekday[]): Promise<ReminderSettings> {
      mustBeAdmin(actor);
      if (days.length === 0) throw new DomainError("settings.no_workdays");
      return workspaceSettings(await settings.update(actor.workspace.id, { workdays: days }, clock.now()));
    },

    async setDigest(actor: Actor, at: TimeOfDay | null): Promise<ReminderSettings> {
      mustBeAdmin(actor);
      return workspaceSettings(await settings.update(actor.workspace.id, { digest: at ? formatTimeOfDay(at) : "off" }, clock.now()));
    },

    async setLeadTime(actor: Actor, minutes: number): Promise<ReminderSettings> {
      mustBeAdmin(actor);
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_LEAD_MINUTES) {
        throw new DomainError("settings.bad_leadtime", { max: MAX_LEAD_MINUTES });
      }
      return workspaceSettings(await settings.update(actor.workspace.id, { leadMinutes: minutes }, clock.now()));
    },

    async setStale(actor: Actor, days: number | null): Promise<ReminderSettings> {
      mustBeAdmin(actor);
      if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_STALE_DAYS)) {
        throw new DomainError("settings.bad_stale", { max: MAX_STALE_DAYS });
      }
      return workspaceSettings(await settings.update(actor.workspace.id, { staleDays: days ?? "off" }, clock.now()));
    },
  };
}

export type SettingsUseCases = ReturnType<typeof createSettingsUseCases>;
