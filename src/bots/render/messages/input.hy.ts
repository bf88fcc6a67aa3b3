import type { inputMessages } from "./input.en.js";

/** Input and display messages in Armenian (see messages.hy.ts and GLOSSARY.md). */
export const inputMessagesHy = {
  "args.amount_glued": "«{text}»-ում գումարն ու արժույթը կպած են․ գրեք առանձին, օրինակ՝ {example}։",
  "money.negative": "«{text}»-ը գումար չէ․ գումարը դրական թիվ է, օրինակ՝ 5000 USD։",
  "when.bad_date": "«{text}»-ը օրացույցում իրական ամսաթիվ չէ․ գրեք տարի/ամիս/օր, օրինակ՝ {example}։",
  "when.bad_date.month_day": "«{text}»-ը ամսաթիվ չէ․ այստեղ ամիսն ու օրը կարդացվում են ամիս/օր հերթականությամբ, օրինակ՝ {example}։",
  "when.bad_date.day_month": "«{text}»-ը ամսաթիվ չէ․ այստեղ օրն ու ամիսը կարդացվում են օր/ամիս հերթականությամբ, օրինակ՝ {example}։",
  "money.toman": "թուման",
  "calendar.jalali": "իրանական արեգակնային (Ջալալի)",
  "calendar.gregorian": "գրիգորյան",
  "args.calendar": "գրեք jalali, gregorian կամ default։",
  "cmd.me.calendar": "Ձեր օրացույցը ձեր գրած և կարդացած ամսաթվերի համար՝ jalali կամ gregorian",
  "settings.me.calendar.set": "Ձեր օրացույցն այժմ {calendar} է։",
  "settings.me.calendar.cleared": "Ձեր օրացույցն այժմ հետևում է ձեր լեզվին՝ {calendar}։",
  "args.currency_display": "գրեք toman կամ rial։",
  "cmd.settings.currency_display": "Ցույց տալ իրանական ռիալով (IRR) գումարները թումանով կամ ռիալով",
  "settings.currency_display.toman": "Ռիալով գումարներն այժմ ցույց են տրվում թումանով (1 թուման = 10 ռիալ). դրանք դեռ պահվում են ռիալով։",
  "settings.currency_display.rial": "Ռիալով գումարներն այժմ ցույց են տրվում ռիալով։",
} as const satisfies Record<keyof typeof inputMessages, string>;
