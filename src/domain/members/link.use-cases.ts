import type { Clock } from "../shared/clock.js";
import { DomainError } from "../shared/errors.js";
import { LINK_CODE_MINUTES, type LinkRepo } from "./link.js";
import type { Actor } from "./member.js";
import type { CallerKey } from "./member.repo.js";
import { mustBeAllowed } from "./permissions.js";

export type LinkDeps = { links: LinkRepo; clock: Clock; newCode: () => string };

/**
 * Link codes (one person's accounts) and join codes (a second chat for a workspace). Both are one-time and
 * short-lived; a code is only ever shown in a private chat, so nobody else in a group can redeem it.
 */
export function createLinkUseCases({ links, clock, newCode }: LinkDeps) {
  const expiry = () => clock.now().plus({ minutes: LINK_CODE_MINUTES });

  /** Linking joins accounts, so a code in a group could be redeemed by whoever reads it first. */
  function mustBePrivate(caller: CallerKey) {
    if (!caller.directMessage) throw new DomainError("link.private_only");
  }

  return {
    /** A one-time code for the caller to send from their other platform. */
    async issue(actor: Actor, caller: CallerKey) {
      mustBePrivate(caller);
      mustBeAllowed(actor.member, "link.identity");
      const code = newCode();
      await links.create("identity", actor.workspace.id, actor.member.id, caller.platform, code, expiry());
      return { code, minutes: LINK_CODE_MINUTES };
    },

    async redeem(caller: CallerKey, code: string) {
      mustBePrivate(caller);
      return links.redeem(code.toUpperCase(), caller, clock.now());
    },

    /** A join code for the workspace the admin's private chat works in, to redeem in the chat that joins. */
    async issueJoin(actor: Actor, caller: CallerKey) {
      if (!caller.directMessage) throw new DomainError("join.code_private_only");
      mustBeAllowed(actor.member, "workspace.join_code", {}, { workspace: actor.workspace.name });
      const code = newCode();
      await links.create("join", actor.workspace.id, actor.member.id, caller.platform, code, expiry());
      return { code, minutes: LINK_CODE_MINUTES, workspace: actor.workspace.name };
    },

    /** Joins the chat the code is sent in to the code's workspace; an admin of the chat's own workspace sends it. */
    async join(actor: Actor, caller: CallerKey, code: string) {
      if (caller.private) throw new DomainError("join.private_chat", { code: code.toUpperCase() });
      mustBeAllowed(actor.member, "workspace.join", {}, { workspace: actor.workspace.name });
      return links.join(code.toUpperCase(), caller, actor.workspace.id, clock.now());
    },
  };
}

export type LinkUseCases = ReturnType<typeof createLinkUseCases>;
