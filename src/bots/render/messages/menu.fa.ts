import type { menuMessages } from "./menu.en.js";

/** The menu in Persian (see messages.fa.ts). */
export const menuMessagesFa = {
  "cmd.menu": "منویی از دکمه‌ها برای کارهای هر روز",
  "menu.title": "Threadline",
  "menu.intro": "چه کاری می‌خواهید انجام دهید؟",
  "menu.footer": "برای دیدن همهٔ دستورها /crm help و برای یک موضوع /crm help lead را بفرستید.",
  "menu.lead_new": "سرنخ تازه",
  "menu.leads": "سرنخ‌ها",
  "menu.tasks": "وظیفه‌های من",
  "menu.task_new": "وظیفهٔ تازه",
  "menu.invoice_new": "فاکتور تازه",
  "menu.invoices": "فاکتورها",
} as const satisfies Record<keyof typeof menuMessages, string>;
