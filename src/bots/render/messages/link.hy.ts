import type { linkMessages } from "./link.en.js";

/** Linking one person's Slack and Telegram into one member, in Armenian (see messages.hy.ts). */
export const linkMessagesHy = {
  "cmd.crm.link": "կապել ձեր Slack-ը, Telegram-ը և Bale-ը․ ստացեք կոդն այստեղ, ուղարկեք մյուս հավելվածից",
  "args.link_code": "կապի կոդը 8 տառ և թիվ է, օրինակ՝ K7QP2XWM։",
  "link.code": "Ձեր կապի կոդը՝ {code}",
  "link.how": "{minutes, plural, other {# րոպեի}} ընթացքում ձեր մյուս հավելվածում (Slack, Telegram կամ Bale) բոտի հետ անձնական զրույցում ուղարկեք՝ /crm link {code}։ Դրանից հետո երկու հաշիվն էլ դուք եք՝ ձեր բոլոր աշխատանքային տարածքներում։",
  "link.done": "Կապված է։ Երկու հարթակում էլ դուք այժմ {handle} եք {workspace} տարածքում, և այս անձնական զրույցն աշխատում է {workspace} տարածքում (փոխելու համար՝ /crm use)։",
  "link.invalid": "Այս կապի կոդն անհայտ է, օգտագործված կամ ժամկետանց։ Նոր կոդի համար ուղարկեք /crm link այնտեղ, որտեղ արդեն կարգավորված եք։",
  "link.same_platform": "Կոդն ուղարկեք ձեր մյուս հավելվածից․ այս հարթակում ստեղծված կոդը կապում է մյուսը։",
  "link.already": "Այս հաշիվն արդեն կապված է այդ անդամին։",
} as const satisfies Record<keyof typeof linkMessages, string>;
