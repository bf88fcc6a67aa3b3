import type { DateTime } from "luxon";
import type { Platform } from "../members/member.js";

/** A chat the product writes to; `threadId` is a Telegram forum topic in it. */
export type OutboxAddress = { platform: Platform; chatId: string; threadId?: string | undefined };

/**
 * `payload.threadId`: the forum topic of the row's explicit chat (`address`), kept in the payload so the
 * outbox table needs no column for it (a command's reply row keeps its topic under the same name).
 */
export function addressThreadOf(payload: Record<string, unknown>): { threadId: string } | Record<string, never> {
  return typeof payload.threadId === "string" && payload.threadId ? { threadId: payload.threadId } : {};
}

/** A message the product will send by itself at `dueAt`: a reminder, a digest, an approval request. */
export type OutboxItem = {
  id: string;
  workspaceId: string;
  kind: string;
  subjectId: string | null;
  recipientId: string | null;
  /** An explicit chat (with its forum topic, if any); when null, the recipient's DM on their linked platform. */
  address: OutboxAddress | null;
  dueAt: DateTime;
  attempts: number;
  late: boolean;
  payload: Record<string, unknown>;
};

export type NewOutboxItem = {
  kind: string;
  subjectId?: string | null;
  recipientId?: string | null;
  address?: OutboxAddress | null;
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
