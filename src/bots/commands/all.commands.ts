import type { ButtonAction } from "./actions.js";
import { help } from "./help.commands.js";
import { leadCommands } from "./lead.commands.js";
import { createRegistry } from "./registry.js";

/** Every command of the product, in the order /crm help lists them. */
export const commandRegistry = () => createRegistry([help, ...leadCommands]);

/** Every button handler, by the action name its payloads carry. */
export const buttonActions = (): ButtonAction[] => [];
