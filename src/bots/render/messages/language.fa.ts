import type { languageMessages } from "./language.en.js";

/** Choosing the language people read, in Persian (see messages.fa.ts). */
export const languageMessagesFa = {
  "args.language": "کد زبان: fa (فارسی)، hy (Հայերեն) یا en (English).",
  "args.my_language": "کد زبان: fa (فارسی)، hy (Հայերեն) یا en (English)، یا default برای زبان فضای کاری.",
  "language.name.en": "انگلیسی",
  "language.name.fa": "فارسی",
  "language.name.hy": "ارمنی",
  "settings.field.language": "زبان فضای کاری",
  "settings.field.my_language": "زبان شما",
  "settings.my_language.default": "همان فضای کاری ({language})",
  "settings.language.set": "زبان فضای کاری {language} شد. اعضایی که زبان خودشان را انتخاب نکرده‌اند از این پس {language} می‌خوانند.",
  "settings.me.language.set": "از این پس به {language} برایتان می‌نویسم.",
  "settings.me.language.cleared": "حالا از زبان فضای کاری ({language}) پیروی می‌کنید.",
  "cmd.settings.language": "زبان اعضایی که زبان خودشان را انتخاب نکرده‌اند: fa، hy یا en (مدیرها)",
  "cmd.me.language": "زبان خودتان: fa، hy یا en، یا default برای زبان فضای کاری",
} as const satisfies Record<keyof typeof languageMessages, string>;
