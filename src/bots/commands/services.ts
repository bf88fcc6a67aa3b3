import type { ContactUseCases } from "../../domain/contacts/contact.use-cases.js";
import type { LeadUseCases } from "../../domain/leads/lead.use-cases.js";
import type { LinkUseCases } from "../../domain/members/link.use-cases.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { ReminderUseCases } from "../../domain/reminders/reminder.use-cases.js";
import type { SettingsUseCases } from "../../domain/settings/settings.use-cases.js";
import type { LanguageUseCases } from "../../domain/settings/language.use-cases.js";
import type { TaskUseCases } from "../../domain/tasks/task.use-cases.js";
import type { InvoiceUseCases } from "../../domain/invoices/invoice.use-cases.js";
import type { InvoiceSettingsUseCases } from "../../domain/invoices/invoice-settings.use-cases.js";
import type { HomeUseCases } from "../../domain/home/home.use-cases.js";
import type { DisplayUseCases } from "../../domain/settings/display.use-cases.js";
import type { RoleUseCases } from "../../domain/members/role.use-cases.js";
import type { WorkspaceUseCases } from "../../domain/members/workspace.use-cases.js";
import type { Registry } from "./registry.js";

/**
 * What command handlers may use: the domain's use cases, never a repository or a platform client. A command
 * runs inside the transaction that records its delivery, so anything it sends goes through the outbox.
 */
export type Services = {
  clock: Clock;
  leads: LeadUseCases;
  /** Clients: their list and each one's leads. */
  contacts: ContactUseCases;
  links: LinkUseCases;
  tasks: TaskUseCases;
  /** Lead follow-ups and digests: what reminders say and when the next one is due. */
  reminders: ReminderUseCases;
  settings: SettingsUseCases;
  /** The workspace's language and each person's own. */
  languages: LanguageUseCases;
  invoices: InvoiceUseCases;
  /** The invoice approval policy: threshold, four-eyes, approvals chat. */
  invoiceSettings: InvoiceSettingsUseCases;
  roles: RoleUseCases;
  /** This chat's workspace, its members, and a private chat's choice of workspace. */
  workspaces: WorkspaceUseCases;
  /** A person's calendar and the workspace's rial display. */
  display: DisplayUseCases;
  /** What a person's Home (Slack's App Home tab) shows: their tasks due, leads, approvals and overdue invoices. */
  home: HomeUseCases;
  registry: Registry;
};
