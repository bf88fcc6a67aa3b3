import type { Contact } from "./contact.js";

/** Every method takes the workspace id and never reads or writes outside it. Archived contacts are left out. */
export type ContactRepo = {
  /** By name, A to Z, and how many there are in all. */
  list(workspaceId: string, limit: number): Promise<{ contacts: Contact[]; total: number }>;
  byNumber(workspaceId: string, number: number): Promise<Contact | null>;
  byId(workspaceId: string, id: string): Promise<Contact | null>;
  /** The contacts whose name is `name` (any case) or, failing that, contains it. */
  byName(workspaceId: string, name: string, limit: number): Promise<Contact[]>;
};
