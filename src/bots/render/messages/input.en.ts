/**
 * Input as people type it (amounts, dates, the calendar) and money shown as they read it. Persian and
 * Armenian text for these keys lives in the fa and hy catalogs beside the other keys.
 */
export const inputMessages = {
  "args.amount_glued": "“{text}” runs the amount and the currency together: write them apart, such as {example}.",
  "money.negative": "“{text}” is not an amount: amounts are positive numbers, such as 5000 USD.",
  "when.bad_date": "“{text}” is not a date in the calendar: write year/month/day, such as {example}.",
  "when.bad_date.month_day": "“{text}” is not a date: day and month are written month/day here, such as {example}.",
  "when.bad_date.day_month": "“{text}” is not a date: day and month are written day/month here, such as {example}.",
  "money.toman": "toman",
  "calendar.jalali": "Jalali (Solar Hijri)",
  "calendar.gregorian": "Gregorian",
  "args.calendar": "jalali, gregorian or default.",
  "cmd.me.calendar": "Your calendar for dates you type and read: jalali or gregorian",
  "settings.me.calendar.set": "Your calendar is now {calendar}.",
  "settings.me.calendar.cleared": "Your calendar now follows your language: {calendar}.",
  "args.currency_display": "toman or rial.",
  "cmd.settings.currency_display": "Show rial (IRR) amounts as toman or as rial",
  "settings.currency_display.toman": "Rial amounts are now shown in toman (1 toman = 10 rials); they are still stored in rials.",
  "settings.currency_display.rial": "Rial amounts are now shown in rials.",
} as const;
