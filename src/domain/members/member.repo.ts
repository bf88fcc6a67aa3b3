import type { Actor, Member, Platform } from "./member.js";

/** Who is calling, as a chat platform names them. */
export type CallerKey = {
  platform: Platform;
  /** Slack team id, Telegram bot id, "local" for the console. */
  externalWorkspaceId: string;
  /** The chat space: Slack team id, Telegram chat id, "local" for the console. */
  externalChatId: string;
  externalUserId: string;
  displayName: string;
  username?: string | undefined;
  chatTitle?: string | undefined;
  /**
   * The person's language as their platform reports it (Telegram's language_code, Slack's locale), when
   * Threadline speaks it: it becomes their own language on first contact, and is not consulted after.
   */
  locale?: string | undefined;
  /**
   * The exact chat the message came from (a Slack channel id, a Telegram chat id), when it differs from
   * the chat space: reminders fall back to it when a DM cannot be delivered.
   */
  origin?: { platform: Platform; chatId: string } | undefined;
};

export type WorkspaceDefaults = { timezone: string; locale: string; currency: string };

export type MemberRepo = {
  /**
   * Finds the caller's member and workspace, creating them on first contact: the first person in a new
   * chat space becomes the owner of a new workspace; later people join it as members. Atomic.
   */
  resolveCaller(key: CallerKey, defaults: WorkspaceDefaults): Promise<Actor>;
  /** By handle ("anna", "@anna") or exact display name, within one workspace. */
  findByMention(workspaceId: string, mention: string): Promise<Member | null>;
  /** The member behind a platform user id: doors turn Slack <@U123> and Telegram text mentions into @handles. */
  findByIdentity(key: Pick<CallerKey, "platform" | "externalWorkspaceId" | "externalUserId">): Promise<Member | null>;
};
