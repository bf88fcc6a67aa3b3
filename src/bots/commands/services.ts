import type { Messengers } from "../../adapters/messenger.js";
import type { LeadUseCases } from "../../domain/leads/lead.use-cases.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Registry } from "./registry.js";

/** What command handlers may use: the domain's use cases, never a repository or a platform client. */
export type Services = {
  clock: Clock;
  leads: LeadUseCases;
  registry: Registry;
  /** Outbound clients of the doors that are running, filled in at start-up (edits of sent approval copies). */
  messengers: Messengers;
};
