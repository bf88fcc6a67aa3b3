import type { DateTime } from "luxon";
import type { Platform } from "../../domain/members/member.js";
import type { FormValues } from "./form.js";

/**
 * A form being answered in a chat, one question at a time: stored, so a restart in the middle loses nothing.
 * It belongs to the member who started it; only their answers count. One per member and chat: starting
 * another replaces it.
 */
export type FormSession = {
  id: string;
  workspaceId: string;
  memberId: string;
  /** The form's command, "lead add". */
  form: string;
  /** What the form was opened about and does not ask (the invoice a Reject form is for). */
  context: string | null;
  platform: Platform;
  chatId: string;
  values: FormValues;
  /** The field being asked. */
  step: number;
  /** The values a choice question offered, in button order: a press names its index. */
  offered: string[];
  expiresAt: DateTime;
};

export type NewFormSession = Omit<FormSession, "id">;

/** The port the form engine stores sessions through; the Prisma adapter implements it. */
export type FormSessions = {
  /** Stores a new session, closing the member's other one in the same chat. */
  open(session: NewFormSession): Promise<FormSession>;
  /** The member's session in this chat, expired or not (the engine says which), or null. */
  current(workspaceId: string, memberId: string, platform: Platform, chatId: string): Promise<FormSession | null>;
  byId(workspaceId: string, id: string): Promise<FormSession | null>;
  save(session: FormSession): Promise<void>;
  close(workspaceId: string, id: string): Promise<void>;
};
