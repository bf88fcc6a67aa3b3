import { defaultCalendar, type Calendar } from "../shared/calendar.js";
import type { WhenReading } from "../shared/when.js";

export const ROLES = ["owner", "admin", "approver", "member"] as const;
export type Role = (typeof ROLES)[number];

export const PLATFORMS = ["console", "slack", "telegram", "bale"] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * Who stands behind a member: a person, or a Telegram chat speaking for itself: a group's anonymous admins
 * (one identity per group) or a channel. A chat-kind member is never a second pair of eyes.
 */
export const MEMBER_KINDS = ["person", "anonymous_admin", "channel"] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export type WorkspaceSettings = Record<string, unknown>;

export type Workspace = {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  currency: string;
  settings: WorkspaceSettings;
  /** Server-side secret that signs this workspace's button payloads. Never shown, never sent. */
  actionKey: string;
};

export type Member = {
  id: string;
  workspaceId: string;
  displayName: string;
  handle: string;
  role: Role;
  kind: MemberKind;
  timezone: string | null;
  locale: string | null;
  /** The calendar they chose (`/crm me calendar`); absent or null: the one their language brings. */
  calendar?: Calendar | null;
};

/** Whoever sent the command, with the workspace their chat belongs to. Every use case starts here. */
export type Actor = { workspace: Workspace; member: Member };

/** A person's own zone wins over the workspace's: reminders and dates are read in it. */
export function zoneOf(member: Member, workspace: Workspace): string {
  return member.timezone ?? workspace.timezone;
}

export function localeOf(member: Member, workspace: Workspace): string {
  return member.locale ?? workspace.locale;
}

export function calendarOf(member: Member, workspace: Workspace): Calendar {
  return member.calendar ?? defaultCalendar(localeOf(member, workspace));
}

/** How this person writes dates and times: their language and calendar (`<when>`, "03/12", "1405/09/15"). */
export function readingOf({ member, workspace }: Actor): WhenReading {
  return { locale: localeOf(member, workspace), calendar: calendarOf(member, workspace) };
}

export function isAdmin(member: Pick<Member, "role">): boolean {
  return member.role === "owner" || member.role === "admin";
}

/**
 * The name others mention ("@anna"): lower-case letters, digits, dot, dash and underscore, taken from the
 * platform username when there is one. Letters of every script are kept, so a Persian or Armenian name
 * stays mentionable.
 */
export function handleFrom(name: string): string {
  const handle = name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/^@/, "")
    .replace(/\s+/g, ".")
    .replace(/[^\p{L}\p{N}._-]/gu, "")
    .slice(0, 32);
  return handle || "member";
}
