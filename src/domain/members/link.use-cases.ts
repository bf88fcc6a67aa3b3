import type { Clock } from "../shared/clock.js";
import { LINK_CODE_MINUTES, type LinkRepo } from "./link.js";
import type { Actor } from "./member.js";
import type { CallerKey } from "./member.repo.js";

export type LinkDeps = { links: LinkRepo; clock: Clock; newCode: () => string };

export function createLinkUseCases({ links, clock, newCode }: LinkDeps) {
  return {
    /** A one-time code for the caller to send from their other platform. */
    async issue(actor: Actor, caller: CallerKey) {
      const code = newCode();
      const expiresAt = clock.now().plus({ minutes: LINK_CODE_MINUTES });
      await links.create(actor.workspace.id, actor.member.id, caller.platform, code, expiresAt);
      return { code, minutes: LINK_CODE_MINUTES };
    },
    redeem: (caller: CallerKey, code: string) => links.redeem(code.toUpperCase(), caller, clock.now()),
  };
}

export type LinkUseCases = ReturnType<typeof createLinkUseCases>;
