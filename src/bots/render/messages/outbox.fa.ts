import type { outboxMessages } from "./outbox.en.js";

/** The outbox's own messages in Persian (see messages.fa.ts): the admins' alert and the inbox's refusal. */
export const outboxMessagesFa = {
  // Sent to owners and admins when a message is parked as failed (kind "admin.alert").
  "outbox.alert.title": "چند پیام نرسید",
  "outbox.alert.line": "{what} برای {recipient}، موعد {due}: {reason}",
  "outbox.alert.channel": "یک کانال",
  "outbox.alert.more": "… و {count} مورد دیگر.",
  "outbox.alert.footer": "Threadline دیگر تلاش نمی‌کند. از این افراد بخواهید به ربات پیامی بدهند، یا دسترسی ربات به گفتگو را بررسی کنید.",
  "outbox.alert.reason.permanent": "پلتفرم آن را نپذیرفت (شاید ربات مسدود شده یا گفتگو دیگر نیست)",
  "outbox.alert.reason.transient": "بعد از {attempts, plural, other {# بار}} تلاش باز هم نرسید",
  "outbox.alert.reason.unreachable": "هیچ‌کدام از پلتفرم‌های گفتگویش وصل نیست",
  "outbox.alert.reason.unverified":
    "شاید رسیده باشد، اما ربات بعد از {attempts, plural, other {# بار}} تلاش نتوانست بررسی کند (شاید عضو آن گفتگو نیست)",

  // What kind of message failed, by outbox kind.
  "outbox.kind.task.due": "یادآوری وظیفه",
  "outbox.kind.lead.followup": "یادآوری پیگیری سرنخ",
  "outbox.kind.lead.stale": "هشدار سرنخ راکد",
  "outbox.kind.digest": "خلاصهٔ روزانه",
  "outbox.kind.invoice.approval": "درخواست تأیید فاکتور",
  "outbox.kind.invoice.due": "یادآوری موعد فاکتور",
  "outbox.kind.invoice.overdue": "یادآوری فاکتور عقب‌افتاده",
  "outbox.kind.invoice.decided": "اعلام تصمیم دربارهٔ فاکتور",
  "outbox.kind.reply": "پاسخ به یک فرمان",
  "outbox.kind.other": "یک پیام ({kind})",
  "outbox.kind.invoice.copy": "به‌روزرسانی یک درخواست تأیید",
  "outbox.kind.invoice.pdf": "PDF یک فاکتور",

  // Added under a message that was meant for a chat the bot is not a member of, sent to the person's DM instead.
  "outbox.not_member":
    "{platform, select, telegram {این پیام برای گروهی بود که من دیگر عضوش نیستم: مرا دوباره به گروه اضافه کنید تا آنجا برسد.} other {این پیام برای کانالی بود که من عضوش نیستم: با /invite مرا به آن کانال دعوت کنید تا آنجا برسد.}}",

  // The inbox is deeper than its bound: a command or press is refused instead of acknowledged and left waiting.
  "inbox.busy": "الان سرم خیلی شلوغ است و نمی‌توانم این را بپذیرم. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.",
} as const satisfies Record<keyof typeof outboxMessages, string>;
