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
