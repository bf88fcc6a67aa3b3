import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/bots/render/reply.js";
import { escapeAttribute, escapeHtml, inlineKeyboard, MAX_MESSAGE_LENGTH, renderMessages, renderOne } from "../../../src/bots/telegram/telegram.render.js";
import { parseTelegramHtml } from "../../emulators/telegram-html.js";

const hostile = `<b>x</b> & <a href="1">`;

describe("Telegram HTML rendering", () => {
  it("bolds the title and field labels, italicises the footer, and escapes every piece of text", () => {
    const [message] = renderMessages({
      title: `Lead ${hostile}`,
      fields: [{ label: "Name <&>", value: hostile }],
      lines: [hostile],
      footer: `1 of 1 ${hostile}`,
    });
    expect(message!.text).toBe(
      [
        "<b>Lead &lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"1\"&gt;</b>",
        "<b>Name &lt;&amp;&gt;:</b> &lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"1\"&gt;",
        "&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"1\"&gt;",
        "<i>1 of 1 &lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"1\"&gt;</i>",
      ].join("\n"),
    );
    // What the user reads is exactly what was typed.
    expect(parseTelegramHtml(message!.text).text).toContain(`Name <&>: ${hostile}`);
  });

  it("escapes the quote too inside an attribute", () => {
    expect(escapeAttribute(`a"b<c>&`)).toBe("a&quot;b&lt;c&gt;&amp;");
    expect(escapeHtml(`a"b`)).toBe(`a"b`);
  });

  it("splits a long list between lines into messages Telegram accepts, buttons on the last one", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `#${i + 1} Lead & Co <${i}> · 5,000.00 USD · new · @anna`);
    const messages = renderMessages({ title: "Open leads", lines, actions: [{ id: "lead.more:1:0123456789", label: "More" }] });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(() => parseTelegramHtml(message.text)).not.toThrow();
    }
    const shown = messages.map((message) => parseTelegramHtml(message.text).text).join("\n").split("\n");
    expect(shown).toEqual(["Open leads", ...lines]);
    expect(messages.slice(0, -1).every((message) => !message.reply_markup)).toBe(true);
    expect(messages.at(-1)!.reply_markup).toEqual({ inline_keyboard: [[{ text: "More", callback_data: "lead.more:1:0123456789" }]] });
  });

  it("shortens one line longer than a message, keeping its tags closed", () => {
    const value = "&<".repeat(3000);
    const [message, ...rest] = renderMessages({ fields: [{ label: "Note", value }] });
    expect(rest).toEqual([]);
    expect(message!.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    const parsed = parseTelegramHtml(message!.text);
    expect(parsed.text.startsWith("Note: &<&<")).toBe(true);
    expect(parsed.text.endsWith("…")).toBe(true);
  });

  it("never cuts a surrogate pair in half", () => {
    const [message] = renderMessages({ lines: ["🎉".repeat(3000)] });
    const parsed = parseTelegramHtml(message!.text).text;
    expect(parsed.endsWith("🎉…")).toBe(true);
  });

  it("stops after ten messages and says that more was left out", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
    const messages = renderMessages({ lines });
    expect(messages).toHaveLength(10);
    expect(messages.at(-1)!.text.endsWith("\n…")).toBe(true);
    expect(messages.at(-1)!.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });

  it("fits an edit into one message", () => {
    const reply: Reply = { title: "Result", lines: Array.from({ length: 400 }, (_, i) => `row ${i} ${"y".repeat(30)}`) };
    const message = renderOne(reply);
    expect(message.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message.text.startsWith("<b>Result</b>\nrow 0")).toBe(true);
    expect(message.text.endsWith("\n…")).toBe(true);
  });

  it("lays buttons out in rows of at most three and refuses a payload over 64 bytes", () => {
    const actions = Array.from({ length: 7 }, (_, i) => ({ id: `a.b:${i}:0123456789`, label: `B${i}` }));
    expect(inlineKeyboard(actions)!.inline_keyboard.map((row) => row.length)).toEqual([3, 3, 1]);
    expect(inlineKeyboard([])).toBeUndefined();
    expect(() => inlineKeyboard([{ id: `inv.approve:${"9".repeat(45)}:0123456789`, label: "Approve" }])).toThrow(/callback_data/);
    expect(() => inlineKeyboard([{ id: "ü".repeat(33), label: "Wide" }])).toThrow(/66 bytes/);
  });

  it("asks a typed question as one message with a reply prompt, its placeholder within 64 characters", () => {
    const question = { title: "New lead: 1 of 3", lines: ["Name? For example: Acme Corp", "Reply with your answer, or /cancel"], ask: { typed: true, placeholder: "Acme Corp" } };
    expect(renderMessages(question, "html", { prompts: true })).toEqual([
      { text: "<b>New lead: 1 of 3</b>\nName? For example: Acme Corp\nReply with your answer, or /cancel", reply_markup: { force_reply: true, selective: true, input_field_placeholder: "Acme Corp" } },
    ]);
    const [long] = renderMessages({ ...question, ask: { typed: true, placeholder: "ü".repeat(80) } }, "html", { prompts: true });
    expect(long!.reply_markup).toEqual({ force_reply: true, selective: true, input_field_placeholder: `${"ü".repeat(63)}…` });
    // Without prompts (Bale), or with buttons to press, it is an ordinary message.
    expect(renderMessages(question, "plain")[0]!.reply_markup).toBeUndefined();
    const withButtons = renderMessages({ ...question, actions: [{ id: "form:1:0123456789", label: "Skip" }] }, "html", { prompts: true });
    expect(withButtons[0]!.reply_markup).toHaveProperty("inline_keyboard");
  });

  it("names the person a question is for first: @username, else a link to their account that Telegram makes a text mention", () => {
    const question = { lines: ["Reason?"], ask: { typed: true } };
    const [byUsername] = renderMessages(question, "html", { prompts: true, mention: { userId: "42", name: "Anna", username: "anna" } });
    expect(byUsername!.text).toBe("@anna\nReason?");
    const [byLink] = renderMessages(question, "html", { prompts: true, mention: { userId: "43", name: "Bob <3", username: undefined } });
    expect(byLink!.text).toBe('<a href="tg://user?id=43">Bob &lt;3</a>\nReason?');
    expect(parseTelegramHtml(byLink!.text).entities).toEqual([{ type: "text_link", offset: 0, length: 6, url: "tg://user?id=43" }]);
    expect(renderMessages(question, "plain", { mention: { userId: "43", name: "Bob" } })[0]!.text).toBe("Bob\nReason?");
  });
});
