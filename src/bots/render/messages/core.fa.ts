import type { coreMessages } from "./core.en.js";

/** The field a text problem is about, by the name the domain gives it. */
const FIELD =
  "{field, select, reason {دلیل} customer {نام مشتری} description {شرح} notes {یادداشت‌ها} title {عنوان} name {نام} note {یادداشت} search {عبارت جست‌وجو} other {متن}}";

/** Core and lead messages in Persian (see messages.fa.ts and GLOSSARY.md). */
export const coreMessagesFa = {
  // Help
  "help.title": "دستورهای Threadline",
  "help.footer": "امتحان کنید: /lead add Acme Corp 5000 USD",
  "help.unknown": "دستور «{command}» را نمی‌شناسم.",
  "help.see": "برای دیدن فهرست دستورها /crm help را بفرستید.",
  "help.topic_title": "دستورهای {topic}",
  "help.topic_footer": "برای دیدن همهٔ دستورها /crm help را بفرستید.",
  "help.topic_unknown": "راهنمایی با موضوع «{topic}» نداریم. موضوع‌ها: {topics}.",

  // Errors converted at the door
  "error.usage": "شکل دستور: {usage}",
  "error.example": "نمونه: {example}",
  "error.internal": "مشکلی از سمت ما پیش آمد (کد پیگیری {ref}). چیزی تغییر نکرد؛ لطفاً دوباره امتحان کنید.",
  "error.bad_args": "متوجه نشدم: {problem}",
  "action.invalid": "این دکمه دیگر معتبر نیست. دستور را دوباره بفرستید تا دکمهٔ تازه بگیرید.",

  // Argument problems (zod messages are these keys)
  "args.lead_number": "شمارهٔ سرنخ را بنویسید، مثل 12 یا #12.",
  "args.stage": "یک مرحله بنویسید: new، contacted، qualified، proposal، won یا lost.",
  "args.amount_without_currency": "بعد از مبلغ، کد ارز لازم است، مثل 5000 USD.",
  "args.unknown_currency": "«{value}» کد ارز ISO 4217 نیست (USD، EUR، IRR، AMD و …).",
  "args.name_required": "سرنخ به یک نام نیاز دارد.",
  "args.email": "«{value}» نشانی ایمیل نیست.",
  "args.phone": "«{value}» شمارهٔ تلفن نیست.",
  "args.text_required": "متنی لازم است.",
  "args.business": "مورد و سپس متن آن را بنویسید: name، address، tax-id یا phone؛ مثلاً /crm settings business phone +98 21 1234 5678.",
  "args.member_required": "یک عضو را نام ببرید، مثل @anna.",
  "args.list_scope": "mine، all یا یک مرحله (new، contacted، qualified، proposal، won، lost).",

  // Domain errors (DomainError codes)
  "money.bad_amount": "«{text}» مبلغ نیست. با رقم بنویسید، مثل 5000 یا 5,000.50.",
  "money.too_many_decimals": "{currency} {digits, plural, other {# رقم اعشار دارد}}؛ این مبلغ بیشتر دارد.",
  "money.too_large": "{text} از بیشترین مبلغی که Threadline می‌پذیرد بزرگ‌تر است.",
  "text.empty": `${FIELD} خالی است.`,
  "text.control_chars": `${FIELD} نویسه‌های کنترلی دارد؛ لطفاً متن ساده بفرستید.`,
  "text.too_long": `${FIELD} بیش از حد بلند است: حداکثر {max, plural, other {# نویسه}}.`,
  "date.out_of_range": "«{text}» بیرون از تاریخ‌هایی است که Threadline با آن‌ها کار می‌کند: سال‌های {first} تا {last}.",
  "lead.not_found": "سرنخ #{number} در این فضای کاری نیست.",
  "lead.already_in_stage": "سرنخ #{number} همین حالا در مرحلهٔ {stage} است.",
  "member.not_found": "عضوی به نام {mention} اینجا نیست. اعضا بعد از اولین استفاده از ربات دیده می‌شوند.",

  // Leads
  "lead.created": "سرنخ #{number} ثبت شد",
  "lead.updated": "سرنخ #{number} به‌روز شد",
  "lead.noted": "یادداشت به سرنخ #{number} اضافه شد",
  "lead.assigned": "مسئول سرنخ #{number} حالا {owner} است",
  "lead.staged": "سرنخ #{number} به مرحلهٔ {stage} رفت",
  "lead.field.name": "نام",
  "lead.field.value": "ارزش",
  "lead.field.stage": "مرحله",
  "lead.field.owner": "مسئول",
  "lead.field.contact": "مخاطب",
  "lead.field.email": "ایمیل",
  "lead.field.phone": "تلفن",
  "lead.field.followup": "پیگیری بعدی",
  "lead.field.created": "تاریخ ثبت",
  "lead.no_value": "بدون ارزش",
  "lead.list.title.open": "سرنخ‌های باز",
  "lead.list.title.all": "همهٔ سرنخ‌ها",
  "lead.list.title.mine": "سرنخ‌های باز من",
  "lead.list.title.stage": "سرنخ‌های مرحلهٔ {stage}",
  "lead.list.empty": "هنوز سرنخی نیست. یکی اضافه کنید: /lead add Acme Corp 5000 USD",
  "lead.list.count": "{shown} از {total, plural, other {# سرنخ}}",
  "lead.list.row": "#{number} {title} · {value} · {stage} · {owner}",
  "lead.find.title": "سرنخ‌های مطابق «{text}»",
  "lead.find.empty": "هیچ سرنخی با «{text}» جور نیست.",
  "lead.timeline": "سابقه",
  "lead.timeline.empty": "هنوز اتفاقی نیفتاده است.",
  "timeline.lead.created": "{when} · {actor} سرنخ را ثبت کرد",
  "timeline.lead.stage": "{when} · {actor} آن را از {from} به {to} برد",
  "timeline.lead.owner": "{when} · {actor} آن را از {from} به {to} سپرد",
  "timeline.lead.note": "{when} · {actor}: {text}",
  "timeline.lead.followup": "{when} · {actor} پیگیری را برای {to} گذاشت",
  "timeline.other": "{when} · {actor} · {action}",
  "timeline.someone": "کسی",
  "timeline.none": "هیچ",

  // Command summaries for /crm help
  "cmd.help": "همین فهرست، یا فقط دستورهای یک موضوع",
  "cmd.lead.add": "افزودن سرنخ (و مخاطبش)",
  "cmd.lead.list": "فهرست سرنخ‌های باز: مال شما، همه، یا یک مرحله",
  "cmd.lead.show": "یک سرنخ با سابقه‌اش",
  "cmd.lead.stage": "بردن سرنخ به مرحلهٔ دیگر",
  "cmd.lead.note": "افزودن یادداشت به سرنخ",
  "cmd.lead.assign": "سپردن سرنخ به عضوی دیگر",
  "cmd.lead.find": "جست‌وجوی سرنخ با نام، مخاطب، ایمیل، تلفن یا یادداشت",

  // Stages, as read in a list
  "stage.new": "جدید",
  "stage.contacted": "در تماس",
  "stage.qualified": "واجد شرایط",
  "stage.proposal": "پیشنهاد",
  "stage.won": "موفق",
  "stage.lost": "ناموفق",

  // Console chat
  "console.welcome": "گفتگوی کنسولی Threadline. برای دیدن دستورها /crm help و برای خروج /quit را بنویسید.",
  "console.choose": "برای زدن دکمه، شماره‌اش را بنویسید.",
  "console.no_choice": "دکمه‌ای با شمارهٔ {number} نیست.",
  "console.for": "برای @{handle}:",
  "console.file_saved": "فایل ذخیره شد: {path}",
  "console.file_failed": "ذخیرهٔ {filename} ممکن نشد: {reason}",
} as const satisfies Record<keyof typeof coreMessages, string>;
