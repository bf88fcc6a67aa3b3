import type { DateTime } from "luxon";
import type { Platform } from "./member.js";
import type { CallerKey } from "./member.repo.js";

/** How long a code stays valid: long enough to switch apps, short enough that a leaked code is stale. */
export const LINK_CODE_MINUTES = 10;

/** identity: joins the redeemer's accounts to the issuer's person. join: joins a chat to the issuer's workspace. */
export type CodeKind = "identity" | "join";

export type LinkResult = { workspaceName: string; handle: string };

export type LinkRepo = {
  create(kind: CodeKind, workspaceId: string, memberId: string, platform: Platform, code: string, expiresAt: DateTime): Promise<void>;
  /**
   * Joins the caller's person to the code's person (their identities and memberships become one person's),
   * atomically, and makes the caller's private chats work in the code's workspace. No chat moves.
   */
  redeem(code: string, caller: CallerKey, now: DateTime): Promise<LinkResult>;
  /**
   * Moves the caller's chat space from `fromWorkspaceId` (its own, which must hold no records) to the code's
   * workspace, atomically; the emptied workspace is removed when no other chat belongs to it.
   */
  join(code: string, caller: CallerKey, fromWorkspaceId: string, now: DateTime): Promise<{ workspaceName: string }>;
};
