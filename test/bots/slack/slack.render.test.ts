import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/bots/render/reply.js";
import { escapeMrkdwn, fit, renderSlack } from "../../../src/bots/slack/slack.render.js";
import { blockKitProblems } from "../../emulators/slack-limits.js";

const everything = (message: { text: string; blocks: unknown[] }) => `${JSON.stringify(message.blocks)}\n${message.text}`;

describe("Slack Block Kit rendering", () => {
  it("escapes every piece of user text, so <!channel>, <@U1> and links stay inert", () => {
    const hostile = "<!channel> <@U123|anna> <https://evil.example|click> & more";
    const message = renderSlack({
      title: hostile,
      fields: [{ label: hostile, value: hostile }],
      lines: [hostile],
      footer: hostile,
    });
    expect(everything(message)).not.toMatch(/<[!@h]/);
    expect(message.text).toContain("&lt;!channel&gt; &lt;@U123|anna&gt; &lt;https://evil.example|click&gt; &amp; more");
    expect(JSON.stringify(message.blocks).match(/&lt;!channel&gt;/g)).toHaveLength(5);
  });

  it("renders title, fields, lines, footer and buttons as Block Kit with a plain-text fallback", () => {
    const message = renderSlack({
      title: "Lead #1 created",
      fields: [{ label: "Value", value: "5,000.00 USD" }],
      lines: ["first", "second"],
      footer: "1 of 1 leads",
      actions: [
        { id: "task.done:3f2a:abcdefghij", label: "Done", style: "primary" },
        { id: "task.snooze:3f2a:abcdefghij", label: "Snooze" },
      ],
    });
    expect(message.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*Lead #1 created*" } },
      { type: "section", fields: [{ type: "mrkdwn", text: "*Value*\n5,000.00 USD" }] },
      { type: "section", text: { type: "mrkdwn", text: "first\nsecond" } },
      { type: "context", elements: [{ type: "mrkdwn", text: "1 of 1 leads" }] },
      {
        type: "actions",
        elements: [
          { type: "button", action_id: "tl.btn.0", text: { type: "plain_text", text: "Done", emoji: true }, value: "task.done:3f2a:abcdefghij", style: "primary" },
          { type: "button", action_id: "tl.btn.1", text: { type: "plain_text", text: "Snooze", emoji: true }, value: "task.snooze:3f2a:abcdefghij" },
        ],
      },
    ]);
    expect(message.text).toBe("Lead #1 created\nValue: 5,000.00 USD\nfirst\nsecond\n1 of 1 leads");
  });

  it("splits more than ten fields into sections of at most ten", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: String(i) }));
    const sections = renderSlack({ fields }).blocks.filter((block) => "fields" in block && block.fields);
    expect(sections.map((block) => ("fields" in block ? block.fields?.length : 0))).toEqual([10, 10, 3]);
  });

  it("keeps an oversized reply inside every Block Kit limit, cutting content but keeping the buttons", () => {
    const huge: Reply = {
      title: "T".repeat(5000),
      fields: Array.from({ length: 300 }, (_, i) => ({ label: `Label ${i}`, value: "&".repeat(3000) })),
      lines: Array.from({ length: 2000 }, (_, i) => `${i} ${"<".repeat(250)}`),
      footer: "f".repeat(5000),
      actions: Array.from({ length: 30 }, (_, i) => ({ id: `x.y:${i}:abcdefghij`, label: "L".repeat(100) })),
    };
    const message = renderSlack(huge);
    expect(blockKitProblems(message.blocks)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    expect(JSON.stringify(message.blocks)).toContain("shortened to fit Slack");
    expect(message.blocks.filter((block) => block.type === "actions")).toHaveLength(2);
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });

  it("never cuts through an escaped character", () => {
    const cut = fit(escapeMrkdwn("a<<<<"), 8);
    expect(cut).toBe("a&lt;…");
    expect(blockKitProblems(renderSlack({ lines: ["<".repeat(4000)] }).blocks)).toEqual([]);
  });

  it("renders an empty reply as a valid message", () => {
    const message = renderSlack({});
    expect(blockKitProblems(message.blocks)).toEqual([]);
    expect(message.text.length).toBeGreaterThan(0);
  });
});
