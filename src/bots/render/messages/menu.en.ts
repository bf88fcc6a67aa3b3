/** The menu: /crm menu, and Telegram's /start and a bare /lead, /task or /invoice (see messages.en.ts). */
export const menuMessages = {
  "cmd.menu": "a menu of buttons for the everyday things",
  "menu.title": "Threadline",
  "menu.intro": "What would you like to do?",
  "menu.footer": "Send /crm help for every command, or /crm help lead for one topic.",
  "menu.lead_new": "New lead",
  "menu.leads": "Leads",
  "menu.tasks": "My tasks",
  "menu.task_new": "New task",
  "menu.invoice_new": "New invoice",
  "menu.invoices": "Invoices",
} as const;
