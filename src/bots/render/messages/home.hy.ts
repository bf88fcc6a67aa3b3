import type { homeMessages } from "./home.en.js";

/** The Slack App Home tab in Armenian (see messages.hy.ts). */
export const homeMessagesHy = {
  "home.title": "Ձեր օրը Threadline-ում",
  "home.updated": "Թարմացվել է {when}։ Այս ներդիրը կրկին բացելով այն թարմանում է։",
  "home.welcome": "Բարի գալուստ Threadline։ Սկսելու համար ցանկացած ալիքում գրեք /crm help․ ձեր առաջադրանքները, լիդերը և հաստատումները կերևան այստեղ։",
  "home.tasks.title": "Այսօրվա և ժամկետանց առաջադրանքներ",
  "home.tasks.empty": "Այսօր ոչինչ ժամկետ չունի։",
  "home.task.row": "#{number} {title} · {due}",
  "home.leads.title": "Ձեր բաց լիդերը",
  "home.leads.empty": "Բաց լիդեր չունեք։",
  "home.leads.stage": "{stage}՝ {count, plural, other {# լիդ}}",
  "home.lead.row": "#{number} {title} · {value}",
  "home.approvals.title": "Ձեր հաստատմանը սպասող հաշիվներ",
  "home.approvals.empty": "Ոչ մի հաշիվ ձեր հաստատմանը չի սպասում։",
  "home.approval.row": "{ref} · {customer} · {total} · @{creator}-ից",
  "home.overdue.title": "Ձեր ժամկետանց հաշիվները",
  "home.overdue.empty": "Ձեր հաշիվներից ոչ մեկը ժամկետանց չէ։",
  "home.overdue.row": "{ref} · {customer} · մնացել է {balance} · ուշացում՝ {days, plural, other {# օր}}",
  "home.more": "…և ևս {count}։ {command}-ը ցույց է տալիս բոլորը։",
} as const satisfies Record<keyof typeof homeMessages, string>;
