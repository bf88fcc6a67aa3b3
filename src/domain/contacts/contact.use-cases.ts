import type { Actor } from "../members/member.js";
import type { Lead } from "../leads/lead.js";
import type { LeadRepo } from "../leads/lead.repo.js";
import { DomainError } from "../shared/errors.js";
import { cleanName } from "../shared/text.js";
import type { Contact } from "./contact.js";
import type { ContactRepo } from "./contact.repo.js";

export type ContactDeps = { contacts: ContactRepo; leads: LeadRepo };

/** A contact named by its chat number ("3", "#3"), by its name ("Acme Corp"), or by its id (a button). */
export type ContactRef = number | { name: string } | { id: string };

const LIST_LIMIT = 50;
const LEADS_LIMIT = 20;
const NAME_MATCHES = 5;

export function createContactUseCases({ contacts, leads }: ContactDeps) {
  async function mustFind(actor: Actor, ref: ContactRef): Promise<Contact> {
    if (typeof ref === "number") {
      const contact = await contacts.byNumber(actor.workspace.id, ref);
      if (!contact) throw new DomainError("contact.not_found", { number: ref });
      return contact;
    }
    if ("id" in ref) {
      const contact = await contacts.byId(actor.workspace.id, ref.id);
      if (!contact) throw new DomainError("contact.gone");
      return contact;
    }
    const name = cleanName(ref.name, "search");
    const found = await contacts.byName(actor.workspace.id, name, NAME_MATCHES);
    if (found.length === 0) throw new DomainError("contact.no_match", { text: name });
    // One answer or the list to choose from by number: a name that fits several is not guessed at.
    if (found.length > 1) throw new DomainError("contact.ambiguous", { text: name, numbers: found.map((contact) => `#${contact.number}`).join(", ") });
    return found[0]!;
  }

  return {
    list: (actor: Actor) => contacts.list(actor.workspace.id, LIST_LIMIT),

    /** The contact and its leads (archived ones left out), newest number last. */
    async show(actor: Actor, ref: ContactRef): Promise<{ contact: Contact; leads: Lead[]; total: number }> {
      const contact = await mustFind(actor, ref);
      const { leads: theirs, total } = await leads.list(actor.workspace.id, { contactId: contact.id }, LEADS_LIMIT);
      return { contact, leads: theirs, total };
    },
  };
}

export type ContactUseCases = ReturnType<typeof createContactUseCases>;
