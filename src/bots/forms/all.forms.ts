import { captureForm } from "./capture.form.js";
import type { FormSpec } from "./form.js";
import { invoiceNewForm } from "./invoice.form.js";
import { leadEditForm, taskEditForm } from "./edit.forms.js";
import { leadAddForm, leadNoteForm } from "./lead.form.js";
import { invoicePaidForm } from "./payment.form.js";
import { invoiceRejectForm } from "./reject.form.js";
import { leadTaskForm, taskAddForm } from "./task.form.js";

/** Every form, by the command it fills in. */
export const allForms = (): FormSpec[] => [leadAddForm, leadEditForm, leadNoteForm, leadTaskForm, taskAddForm, taskEditForm, invoiceNewForm, invoiceRejectForm, invoicePaidForm, captureForm];
