import type { Actor, Member, MemberKind, Platform } from "./member.js";

/** Who is calling, as a chat platform names them. */
export type CallerKey = {
  platform: Platform;
  /** Slack team id, Telegram bot id, "local" for the console. */
  externalWorkspaceId: string;
  /**
   * The chat space, which belongs to one workspace: a Slack team id (an Enterprise Grid org's teams are
   * chat spaces of their own), a Telegram chat id, "local" for the console.
   */
  externalChatId: string;
  /** A user id, or "chat:<id>" for a Telegram chat speaking for itself (anonymous admins, a channel). */
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
   * A private chat with the bot (a Telegram private chat, a Slack DM): it works in the workspace the person
   * chose with /crm use, else in the chat space's own (on Telegram, the person's own workspace).
   */
  private?: boolean | undefined;
  /**
   * A chat where the bot writes to this person alone (a private chat, a Slack DM): a button pressed there may
   * belong to any workspace they are a member of, since reminders from all of them arrive there.
   */
  directMessage?: boolean | undefined;
  /** Who is sending: a person (the default), or a chat speaking for itself. */
  sender?: MemberKind | undefined;
  /**
   * The exact chat the message came from (a Slack channel id, a Telegram chat id, with its forum topic),
   * when it differs from the chat space: reminders fall back to it when a DM cannot be delivered.
   */
  origin?: { platform: Platform; chatId: string; threadId?: string | undefined } | undefined;
};

/** The platform user behind a mention, as the door sees it (a Slack <@U123>, a Telegram text mention). */
export type IdentityKey = Pick<CallerKey, "platform" | "externalWorkspaceId" | "externalUserId">;

export type WorkspaceDefaults = { timezone: string; locale: string; currency: string };

export type MemberRepo = {
  /**
   * Finds the caller's member in the workspace of the chat they wrote in, creating on first contact: a chat
   * space with no workspace gets a new one owned by its first speaker; a person new to a workspace joins it
   * as a member (a group's anonymous admins as an admin). Never moves a chat to another workspace. Atomic.
   */
  resolveCaller(key: CallerKey, defaults: WorkspaceDefaults): Promise<Actor>;
  /** Every workspace the caller belongs to, as the member they are there, oldest first. */
  memberships(key: CallerKey): Promise<Actor[]>;
  /** Makes the caller's private chats work in `workspaceId`; null when they are not a member there. */
  useWorkspace(key: CallerKey, workspaceId: string): Promise<Actor | null>;
  /** By handle ("anna", "@anna") or exact display name, within one workspace. */
  findByMention(workspaceId: string, mention: string): Promise<Member | null>;
  /** The member a platform user is in one workspace: doors turn Slack <@U123> and Telegram text mentions into @handles. */
  findByIdentity(workspaceId: string, key: IdentityKey): Promise<Member | null>;
};

/** A chat that belongs to a workspace, as /crm workspace lists it. */
export type LinkedChat = { platform: Platform; chatId: string; title: string | null };
