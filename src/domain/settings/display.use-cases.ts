import type { Actor, Member } from "../members/member.js";
import { mustBeAllowed } from "../members/permissions.js";
import type { WorkspaceRepo } from "../members/workspace.repo.js";
import type { Calendar } from "../shared/calendar.js";
import { CURRENCY_DISPLAY_KEY, currencyDisplayOf, type CurrencyDisplay } from "./display.js";

/** How dates and money look to people: a calendar per person, the rial display per workspace. */
export function createDisplayUseCases({ workspaces }: { workspaces: Pick<WorkspaceRepo, "setMemberCalendar" | "updateSettings"> }) {
  return {
    /** The caller's own calendar; null goes back to the one their language brings. Anyone may set their own. */
    setMyCalendar(actor: Actor, calendar: Calendar | null): Promise<Member> {
      mustBeAllowed(actor.member, "me.calendar");
      return workspaces.setMemberCalendar(actor.workspace.id, actor.member.id, calendar);
    },

    async setCurrencyDisplay(actor: Actor, display: CurrencyDisplay): Promise<CurrencyDisplay> {
      mustBeAllowed(actor.member, "settings.change");
      return currencyDisplayOf(await workspaces.updateSettings(actor.workspace.id, { [CURRENCY_DISPLAY_KEY]: display }));
    },
  };
}

export type DisplayUseCases = ReturnType<typeof createDisplayUseCases>;
