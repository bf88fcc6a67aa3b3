import type { languageMessages } from "./language.en.js";

/** Choosing the language people read, in Armenian (see messages.hy.ts). */
export const languageMessagesHy = {
  "args.language": "լեզվի կոդը՝ hy (Հայերեն), fa (فارسی) կամ en (English)։",
  "args.my_language": "լեզվի կոդը՝ hy (Հայերեն), fa (فارسی) կամ en (English), կամ default՝ աշխատանքային տարածքի լեզուն։",
  "language.name.en": "անգլերեն",
  "language.name.fa": "պարսկերեն",
  "language.name.hy": "հայերեն",
  "settings.field.language": "Աշխատանքային տարածքի լեզուն",
  "settings.field.my_language": "Ձեր լեզուն",
  "settings.my_language.default": "աշխատանքային տարածքինը ({language})",
  "settings.language.set": "Աշխատանքային տարածքի լեզուն այժմ {language} է։ Անդամները, որոնք իրենց լեզուն չեն ընտրել, այսուհետ կկարդան {language}։",
  "settings.me.language.set": "Այսուհետ ձեզ կգրեմ {language}։",
  "settings.me.language.cleared": "Այժմ հետևում եք աշխատանքային տարածքի լեզվին ({language})։",
  "cmd.settings.language": "այն անդամների լեզուն, որոնք իրենցը չեն ընտրել՝ hy, fa կամ en (ադմիններ)",
  "cmd.me.language": "ձեր լեզուն՝ hy, fa կամ en, կամ default՝ աշխատանքային տարածքինը",
} as const satisfies Record<keyof typeof languageMessages, string>;
