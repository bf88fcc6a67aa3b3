import type { linkMessages } from "./link.en.js";

/** Linking one person's Slack and Telegram into one member, in Armenian (see messages.hy.ts). */
export const linkMessagesHy = {
  "cmd.crm.link": "կապել ձեր Slack-ը և Telegram-ը․ ստացեք կոդն այստեղ, ուղարկեք մյուս հավելվածից",
  "args.link_code": "կապի կոդը 8 տառ և թիվ է, օրինակ՝ K7QP2XWM։",
  "link.code": "Ձեր կապի կոդը՝ {code}",
  "link.how": "{minutes, plural, other {# րոպեի}} ընթացքում ձեր մյուս հավելվածից (Slack կամ Telegram) ուղարկեք Threadline-ին՝ /crm link {code}։ Այդ զրույցն էլ կմիանա այս աշխատանքային տարածքին։",
  "link.done": "Կապված է։ Երկու հարթակում էլ դուք այժմ {handle} եք {workspace} տարածքում։",
  "link.invalid": "Այս կապի կոդն անհայտ է, օգտագործված կամ ժամկետանց։ Նոր կոդի համար ուղարկեք /crm link այնտեղ, որտեղ արդեն կարգավորված եք։",
  "link.same_platform": "Կոդն ուղարկեք ձեր մյուս հավելվածից․ այս հարթակում ստեղծված կոդը կապում է մյուսը։",
  "link.already": "Այս հաշիվն արդեն կապված է այդ անդամին։",
  "link.workspace_has_data": "Այս զրույցն արդեն ունի իր աշխատանքային տարածքը՝ գրառումներով, ուստի այն չի կարելի միացնել ուրիշին։",
} as const satisfies Record<keyof typeof linkMessages, string>;
