import { normaliseName } from "../../domain/contacts/near-duplicates.js";
import { OPEN_STAGES } from "../../domain/leads/lead.js";
import type { Contact } from "../../domain/contacts/contact.js";
import type { ContactRepo } from "../../domain/contacts/contact.repo.js";
import type { Db, Tx } from "./client.js";
import { inParallel, reader } from "./tx.js";

const contactSelect = {
  id: true,
  number: true,
  name: true,
  email: true,
  phone: true,
  _count: { select: { leads: { where: { archivedAt: null, stage: { in: [...OPEN_STAGES] } } } } },
};

type ContactRow = Omit<Contact, "openLeads"> & { _count: { leads: number } };

const toContact = ({ _count, ...row }: ContactRow): Contact => ({ ...row, openLeads: _count.leads });

const inUse = { archivedAt: null } as const;

/**
 * The contact called `name` (any case), created with the next contact number when there is none, inside the
 * caller's transaction (an invoice for a new customer). The workspace row lock numbers it without twins.
 */
export async function contactNamed(tx: Tx, workspaceId: string, name: string): Promise<{ id: string }> {
  const nameKey = name.toLowerCase();
  const found = await tx.contact.findUnique({ where: { workspaceId_nameKey: { workspaceId, nameKey } }, select: { id: true } });
  if (found) return found;
  const { contactSeq } = await tx.workspace.update({ where: { id: workspaceId }, data: { contactSeq: { increment: 1 } }, select: { contactSeq: true } });
  return tx.contact.upsert({
    where: { workspaceId_nameKey: { workspaceId, nameKey } },
    create: { workspaceId, number: contactSeq, name, nameKey, matchKey: normaliseName(name) },
    update: {},
    select: { id: true },
  });
}

export function prismaContactRepo(db: Db): ContactRepo {
  return {
    async list(workspaceId, limit) {
      const where = { workspaceId, ...inUse };
      const [rows, total] = await inParallel(
        () => reader(db).contact.findMany({ where, select: contactSelect, orderBy: [{ nameKey: "asc" }, { number: "asc" }], take: limit }),
        () => reader(db).contact.count({ where }),
      );
      return { contacts: rows.map(toContact), total };
    },

    async byNumber(workspaceId, number) {
      const row = await reader(db).contact.findFirst({ where: { workspaceId, number, ...inUse }, select: contactSelect });
      return row ? toContact(row) : null;
    },

    async byId(workspaceId, id) {
      const row = await reader(db).contact.findFirst({ where: { workspaceId, id, ...inUse }, select: contactSelect });
      return row ? toContact(row) : null;
    },

    async byName(workspaceId, name, limit) {
      const exact = await reader(db).contact.findFirst({ where: { workspaceId, nameKey: name.toLowerCase(), ...inUse }, select: contactSelect });
      if (exact) return [toContact(exact)];
      const rows = await reader(db).contact.findMany({
        where: { workspaceId, ...inUse, name: { contains: name, mode: "insensitive" } },
        select: contactSelect,
        orderBy: { number: "asc" },
        take: limit,
      });
      return rows.map(toContact);
    },
  };
}
