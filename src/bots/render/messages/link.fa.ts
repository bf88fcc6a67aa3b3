import type { linkMessages } from "./link.en.js";

/** Linking one person's Slack and Telegram into one member, in Persian (see messages.fa.ts). */
export const linkMessagesFa = {
  "cmd.crm.link": "اتصال Slack، Telegram و Bale شما: کد را اینجا بگیرید و از برنامهٔ دیگر بفرستید",
  "args.link_code": "کد اتصال ۸ حرف و رقم است، مثل K7QP2XWM.",
  "link.code": "کد اتصال شما: {code}",
  "link.how": "تا {minutes, plural, other {# دقیقهٔ}} دیگر، در گفتگوی خصوصی با ربات در برنامهٔ دیگرتان (Slack، Telegram یا Bale) بفرستید: /crm link {code}. از آن پس هر دو حساب شما هستید، در همهٔ فضاهای کاری‌تان.",
  "link.done": "وصل شد. حالا در هر دو پلتفرم {handle} در {workspace} هستید؛ این گفتگوی خصوصی در {workspace} کار می‌کند (با /crm use عوض کنید).",
  "link.invalid": "این کد اتصال ناشناخته، مصرف‌شده یا منقضی است. برای کد تازه، /crm link را جایی بفرستید که از قبل راه افتاده است.",
  "link.same_platform": "کد را از برنامهٔ دیگرتان بفرستید: کدی که در این پلتفرم ساخته شده، آن یکی را وصل می‌کند.",
  "link.already": "این حساب از قبل به همین عضو وصل است.",
} as const satisfies Record<keyof typeof linkMessages, string>;
