import type { inputMessages } from "./input.en.js";

/** Input and display messages in Persian (see messages.fa.ts and GLOSSARY.md). */
export const inputMessagesFa = {
  "args.amount_glued": "در «{text}» مبلغ و ارز به هم چسبیده‌اند؛ آن‌ها را جدا بنویسید، مثل {example}.",
  "money.negative": "«{text}» مبلغ نیست؛ مبلغ عددی مثبت است، مثل 5000 USD.",
  "when.bad_date": "«{text}» تاریخ درستی در تقویم نیست؛ سال/ماه/روز بنویسید، مثل {example}.",
  "when.bad_date.month_day": "«{text}» تاریخ نیست؛ اینجا ماه و روز به ترتیب ماه/روز خوانده می‌شوند، مثل {example}.",
  "when.bad_date.day_month": "«{text}» تاریخ نیست؛ اینجا روز و ماه به ترتیب روز/ماه خوانده می‌شوند، مثل {example}.",
  "money.toman": "تومان",
  "calendar.jalali": "هجری شمسی",
  "calendar.gregorian": "میلادی",
  "args.calendar": "یکی از jalali، gregorian یا default را بنویسید.",
  "cmd.me.calendar": "تقویم شما برای تاریخ‌هایی که می‌نویسید و می‌خوانید: jalali یا gregorian",
  "settings.me.calendar.set": "تقویم شما از این پس {calendar} است.",
  "settings.me.calendar.cleared": "تقویم شما از این پس تابع زبان شماست: {calendar}.",
  "args.currency_display": "toman یا rial را بنویسید.",
  "cmd.settings.currency_display": "نمایش مبالغ ریالی (IRR) به تومان یا ریال",
  "settings.currency_display.toman": "از این پس مبالغ ریالی به تومان نمایش داده می‌شوند (هر تومان ۱۰ ریال)؛ ذخیره‌شان همچنان به ریال است.",
  "settings.currency_display.rial": "از این پس مبالغ ریالی به ریال نمایش داده می‌شوند.",
} as const satisfies Record<keyof typeof inputMessages, string>;
