import type { DateTime } from "luxon";
import type { Platform } from "./member.js";
import type { CallerKey } from "./member.repo.js";

/** How long a link code stays valid: long enough to switch apps, short enough that a leaked code is stale. */
export const LINK_CODE_MINUTES = 10;

export type LinkResult = { workspaceName: string; handle: string };

export type LinkRepo = {
  create(workspaceId: string, memberId: string, platform: Platform, code: string, expiresAt: DateTime): Promise<void>;
  /**
   * Joins the caller's identity to the code's member and their chat to the code's workspace, atomically.
   * The workspace the caller's first message created on this platform is removed when it holds nothing but
   * them; one with records of its own is never merged away (DomainError "link.workspace_has_data").
   */
  redeem(code: string, caller: CallerKey, now: DateTime): Promise<LinkResult>;
};
