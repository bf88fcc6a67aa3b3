import type { menuMessages } from "./menu.en.js";

/** The menu in Armenian (see messages.hy.ts). */
export const menuMessagesHy = {
  "cmd.menu": "կոճակների ցանկ ամենօրյա գործերի համար",
  "menu.title": "Threadline",
  "menu.intro": "Ի՞նչ եք ուզում անել։",
  "menu.footer": "Ուղարկեք /crm help՝ բոլոր հրամանների համար, կամ /crm help lead՝ մեկ թեմայի համար։",
  "menu.lead_new": "Նոր լիդ",
  "menu.leads": "Լիդեր",
  "menu.tasks": "Իմ առաջադրանքները",
  "menu.task_new": "Նոր առաջադրանք",
  "menu.invoice_new": "Նոր հաշիվ",
  "menu.invoices": "Հաշիվներ",
} as const satisfies Record<keyof typeof menuMessages, string>;
