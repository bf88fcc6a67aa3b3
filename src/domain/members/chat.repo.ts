import type { Platform } from "./member.js";

/**
 * A chat that changed its id: Telegram upgrades a group to a supergroup by itself (say, when its admins
 * change a setting), and the supergroup has a new id. Everything stored about the old id follows it.
 */
export type ChatRepo = {
  /**
   * In one transaction: the chat's link to its workspace, the approvals chat setting, pending and failed
   * outbox rows (their chat and their fallback chat), the chat's anonymous-admin identity, and where sent
   * messages are (for edits). A workspace the new id got meanwhile (someone spoke there before the move was
   * seen) is removed when it holds nothing. A no-op for an id already moved.
   */
  moveChat(platform: Platform, fromChatId: string, toChatId: string): Promise<void>;
};
