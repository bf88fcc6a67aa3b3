import type { Workspace } from "../members/member.js";

/**
 * How the workspace shows Iranian rials: as rials (the ISO unit, what is stored) or as tomans (ten rials,
 * what prices are quoted in day to day). Only the display changes; every amount stays stored in rials.
 */
export const CURRENCY_DISPLAYS = ["rial", "toman"] as const;
export type CurrencyDisplay = (typeof CURRENCY_DISPLAYS)[number];

/** The key the choice is kept under in Workspace.settings. */
export const CURRENCY_DISPLAY_KEY = "currencyDisplay";

export function currencyDisplayOf(workspace: Pick<Workspace, "settings">): CurrencyDisplay {
  return workspace.settings[CURRENCY_DISPLAY_KEY] === "toman" ? "toman" : "rial";
}
