import { adminAlertComposer } from "./admin-alert.composer.js";
import type { Composer } from "./composer.js";
import { taskComposers } from "./task.composers.js";
import { invoiceComposers } from "./invoice.composers.js";

/** Every kind of automatic message, by the `kind` its outbox rows carry. */
export const composers = (): Composer[] => [adminAlertComposer, ...taskComposers, ...invoiceComposers];
