import { help } from "./help.commands.js";
import { leadCommands } from "./lead.commands.js";
import { createRegistry } from "./registry.js";

/** Every command of the product, in the order /crm help lists them. */
export const commandRegistry = () => createRegistry([help, ...leadCommands]);
