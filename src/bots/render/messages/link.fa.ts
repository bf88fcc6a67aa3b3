import type { linkMessages } from "./link.en.js";

/** Linking one person's Slack and Telegram into one member, in Persian (see messages.fa.ts). */
export const linkMessagesFa = {
  "cmd.crm.link": "اتصال Slack و Telegram شما: کد را اینجا بگیرید و از برنامهٔ دیگر بفرستید",
  "args.link_code": "کد اتصال ۸ حرف و رقم است، مثل K7QP2XWM.",
  "link.code": "کد اتصال شما: {code}",
  "link.how": "تا {minutes, plural, other {# دقیقهٔ}} دیگر، از برنامهٔ دیگرتان (Slack یا Telegram) به Threadline بفرستید: /crm link {code}. آن گفتگو هم به همین فضای کاری وصل می‌شود.",
  "link.done": "وصل شد. حالا در هر دو پلتفرم {handle} در {workspace} هستید.",
  "link.invalid": "این کد اتصال ناشناخته، مصرف‌شده یا منقضی است. برای کد تازه، /crm link را جایی بفرستید که از قبل راه افتاده است.",
  "link.same_platform": "کد را از برنامهٔ دیگرتان بفرستید: کدی که در این پلتفرم ساخته شده، آن یکی را وصل می‌کند.",
  "link.already": "این حساب از قبل به همین عضو وصل است.",
  "link.workspace_has_data": "این گفتگو فضای کاری خودش را با اطلاعات ثبت‌شده دارد، پس به فضای دیگری وصل نمی‌شود.",
} as const satisfies Record<keyof typeof linkMessages, string>;
