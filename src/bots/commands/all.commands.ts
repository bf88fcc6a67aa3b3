import type { ButtonAction } from "./actions.js";
import { displayCommands } from "./display.commands.js";
import { help } from "./help.commands.js";
import { contactCommands, showContact } from "./contact.commands.js";
import { leadActions } from "./lead.actions.js";
import { crmMenu, menuAction } from "./menu.commands.js";
import { leadCommands } from "./lead.commands.js";
import { crmLink } from "./link.commands.js";
import { createRegistry } from "./registry.js";
import { leadFollowUp } from "./followup.commands.js";
import { settingsCommands } from "./settings.commands.js";
import { taskActions } from "./task.actions.js";
import { taskCommands } from "./task.commands.js";
import { approvalSettingsCommands } from "./approval-settings.commands.js";
import { settingsBusiness } from "./business.commands.js";
import { invoiceActions } from "./invoice.actions.js";
import { invoiceCommands } from "./invoice.commands.js";
import { languageCommands } from "./language.commands.js";
import { workspaceActions, workspaceCommands } from "./workspace.commands.js";

/** Every command of the product, in the order /crm help lists them. */
export const commandRegistry = () =>
  createRegistry([help, crmMenu, ...workspaceCommands, crmLink, ...leadCommands, leadFollowUp, ...taskCommands, ...contactCommands, ...settingsCommands, ...languageCommands, ...displayCommands, ...invoiceCommands, ...approvalSettingsCommands, settingsBusiness]);

/** Every button handler, by the action name its payloads carry. */
export const buttonActions = (): ButtonAction[] => [...leadActions, showContact, ...taskActions, ...invoiceActions, ...workspaceActions, menuAction];
