/** A client: the person or company leads and invoices are for. One per name in a workspace. */
export type Contact = {
  id: string;
  /** The chat-facing number (/contact show 3), a per-workspace sequence like lead numbers. */
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  /** Its leads still in an open stage and not archived. */
  openLeads: number;
};
