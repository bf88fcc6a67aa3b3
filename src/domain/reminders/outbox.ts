import type { DateTime } from "luxon";
import type { Platform } from "../members/member.js";

/** A message the product will send by itself at `dueAt`: a reminder, a digest, an approval request. */
export type OutboxItem = {
  id: string;
  workspaceId: string;
  kind: string;
  subjectId: string | null;
  recipientId: string | null;
  /** An explicit chat; when null, the recipient's DM on their linked platform. */
  address: { platform: Platform; chatId: string } | null;
  dueAt: DateTime;
  attempts: number;
  late: boolean;
  payload: Record<string, unknown>;
};

export type NewOutboxItem = {
  kind: string;
  subjectId?: string | null;
  recipientId?: string | null;
  address?: { platform: Platform; chatId: string } | null;
  dueAt: DateTime;
  payload?: Record<string, unknown>;
};

/**
 * `payload.edit`: the id of a message the row edits in its chat (`address`) instead of posting a new one (a
 * decided approval request shown on every copy). Edits are idempotent, so a repeated one is harmless.
 */
export function editedMessageOf(payload: Record<string, unknown>): string | null {
  return typeof payload.edit === "string" && payload.edit ? payload.edit : null;
}
