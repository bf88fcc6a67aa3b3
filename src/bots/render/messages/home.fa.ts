import type { homeMessages } from "./home.en.js";

/** The Slack App Home tab in Persian (see messages.fa.ts). */
export const homeMessagesFa = {
  "home.title": "روز شما در Threadline",
  "home.updated": "به‌روزشده در {when}. با باز کردن دوبارهٔ این زبانه تازه می‌شود.",
  "home.welcome": "به Threadline خوش آمدید. در هر کانالی /crm help را بنویسید تا شروع کنید؛ وظیفه‌ها، سرنخ‌ها و تأییدهای شما اینجا نشان داده می‌شوند.",
  "home.tasks.title": "وظیفه‌های امروز و عقب‌افتاده",
  "home.tasks.empty": "امروز کاری سررسید ندارد.",
  "home.task.row": "#{number} {title} · {due}",
  "home.leads.title": "سرنخ‌های باز شما",
  "home.leads.empty": "سرنخ بازی ندارید.",
  "home.leads.stage": "{stage}: {count, plural, other {# سرنخ}}",
  "home.lead.row": "#{number} {title} · {value}",
  "home.approvals.title": "فاکتورهای در انتظار تأیید شما",
  "home.approvals.empty": "هیچ فاکتوری در انتظار تأیید شما نیست.",
  "home.approval.row": "{ref} · {customer} · {total} · از @{creator}",
  "home.overdue.title": "فاکتورهای عقب‌افتادهٔ شما",
  "home.overdue.empty": "هیچ‌یک از فاکتورهای شما عقب‌افتاده نیست.",
  "home.overdue.row": "{ref} · {customer} · {balance} مانده · {days, plural, other {# روز}} تأخیر",
  "home.more": "… و {count} مورد دیگر. {command} همه را فهرست می‌کند.",
} as const satisfies Record<keyof typeof homeMessages, string>;
