import { describe, expect, it } from "vitest";
import { forReader, isolateLtr } from "../../../src/bots/render/bidi.js";
import type { Reply } from "../../../src/bots/render/reply.js";
import { renderSlack } from "../../../src/bots/slack/slack.render.js";
import { parseTelegramHtml } from "../../emulators/telegram-html.js";
import { renderMessages } from "../../../src/bots/telegram/telegram.render.js";

/** ⟦…⟧ for FSI…PDI, so the expectations can be read. */
const shown = (text: string) => text.replace(/\u2068/g, "⟦").replace(/\u2069/g, "⟧");

describe("isolating left-to-right tokens in right-to-left text", () => {
  it.each([
    ["سرنخ #۱۲ ثبت شد", "سرنخ ⟦#۱۲⟧ ثبت شد"],
    ["مسئول: @anna", "مسئول: ⟦@anna⟧"],
    ["فاکتور INV-2026-0001 باطل شد.", "فاکتور ⟦INV-2026-0001⟧ باطل شد."],
    ["ایمیل: anna.k@example.com، سایت: https://example.com/a?b=1.", "ایمیل: ⟦anna.k@example.com⟧، سایت: ⟦https://example.com/a?b=1⟧."],
    ["مانده: ۴۵۰٬۰۰۰٬۰۰۰ IRR؛", "مانده: ⟦۴۵۰٬۰۰۰٬۰۰۰ IRR⟧؛"],
    ["یکی اضافه کنید: /lead add Acme Corp 5000 USD", "یکی اضافه کنید: ⟦/lead add Acme Corp 5000 USD⟧"],
    ["بفرستید: /invoice edit 3 ; <line> ; tax <rate>%", "بفرستید: ⟦/invoice edit 3 ; <line> ; tax <rate>%⟧"],
    ["(USD، EUR) و (INV-2026-0001)", "(⟦USD⟧، ⟦EUR⟧) و ⟦(INV-2026-0001)⟧"],
  ])("%s", (text, expected) => {
    expect(shown(isolateLtr(text))).toBe(expected);
  });

  it("leaves numbers, times and Persian dates alone: they keep their place by themselves", () => {
    expect(isolateLtr("۳ روز دیگر، ساعت ۱۰:۰۰، ۱۵ آذر ۱۴۰۵")).toBe("۳ روز دیگر، ساعت ۱۰:۰۰، ۱۵ آذر ۱۴۰۵");
  });

  const card = forReader<Reply>({ title: "سرنخ #۱ ثبت شد", fields: [{ label: "ارزش", value: "۵٬۰۰۰ USD" }], lines: ["مسئول: @anna"], footer: "۱ از ۱ سرنخ" }, "fa");

  it("marks a reply for a right-to-left reader only", () => {
    expect(card.direction).toBe("rtl");
    expect(forReader<Reply>({ title: "Lead #1 created" }, "hy").direction).toBeUndefined();
  });

  it("renders Telegram HTML with the isolates, which Telegram's parser accepts", () => {
    const [message] = renderMessages(card);
    const parsed = parseTelegramHtml(message!.text);
    expect(shown(parsed.text)).toBe("سرنخ ⟦#۱⟧ ثبت شد\nارزش: ⟦۵٬۰۰۰ USD⟧\nمسئول: ⟦@anna⟧\n۱ از ۱ سرنخ");
    expect(parsed.entities.map((entity) => entity.type)).toEqual(["bold", "bold", "italic"]);
  });

  it("renders Slack blocks and the notification text with the isolates", () => {
    const message = renderSlack(card);
    expect(shown(message.text)).toBe("سرنخ ⟦#۱⟧ ثبت شد\nارزش: ⟦۵٬۰۰۰ USD⟧\nمسئول: ⟦@anna⟧\n۱ از ۱ سرنخ");
    expect(shown(JSON.stringify(message.blocks))).toContain("*سرنخ ⟦#۱⟧ ثبت شد*");
    expect(shown(JSON.stringify(message.blocks))).toContain("⟦@anna⟧");
  });

  it("leaves a left-to-right reader's reply as it was", () => {
    expect(renderSlack({ title: "Lead #1 created", lines: ["Owner: @anna"] }).text).toBe("Lead #1 created\nOwner: @anna");
  });
});
