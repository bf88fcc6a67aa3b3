import { describe, expect, it } from "vitest";
import { translator } from "../../../src/bots/render/i18n.js";
import { renderHome } from "../../../src/bots/slack/slack.home.render.js";
import type { HomeModel } from "../../../src/bots/slack/slack.home.model.js";
import { FSI, PDI } from "../../../src/bots/render/bidi.js";
import { blockKitProblems } from "../../emulators/slack-limits.js";

const t = translator("en");
const item = (n: number) => ({ text: `#${n} <@U999> & *bold* ${"x".repeat(20)}`, actions: [{ id: `task.done:${n}:abcdefghij`, label: "Done", style: "primary" as const }] });

describe("the Home view in Block Kit", () => {
  it("stays within a Home view's 100 blocks and Block Kit's limits however much there is, with a note and the footer", () => {
    const model: HomeModel = {
      title: "T".repeat(200),
      sections: Array.from({ length: 5 }, (_, s) => ({ heading: `Section ${s}`, items: Array.from({ length: 20 }, (_, n) => item(s * 100 + n)), note: "more" })),
      footer: "Updated now",
    };
    const view = renderHome(model, t);
    expect(view.blocks).toHaveLength(100);
    expect(blockKitProblems(view.blocks, { maxBlocks: 100 })).toEqual([]);
    expect(JSON.stringify(view.blocks.at(-2))).toContain("shortened to fit Slack");
    expect(JSON.stringify(view.blocks.at(-1))).toContain("Updated now");
    expect((view.blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
  });

  it("escapes user text for mrkdwn and numbers every button's action_id across the view", () => {
    const view = renderHome({ title: "Home", sections: [{ heading: "Tasks", items: [item(1), item(2)] }] }, t);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("&lt;@U999&gt; &amp;");
    expect(json).not.toContain("<@U999>");
    const ids = view.blocks.flatMap((block) => (block.type === "actions" ? block.elements.map((element) => ("action_id" in element ? element.action_id : "")) : []));
    expect(ids).toEqual(["tl.btn.0", "tl.btn.1"]);
  });

  it("says an empty section in one context line, and isolates Latin tokens for a right-to-left reader", () => {
    const view = renderHome({ title: "خانه", direction: "rtl", sections: [{ heading: "وظیفه‌ها", items: [{ text: "#12 تماس با Acme" }], note: "چیزی نیست" }] }, translator("fa"));
    expect(view.blocks.map((block) => block.type)).toEqual(["header", "divider", "header", "section", "context"]);
    expect(JSON.stringify(view.blocks[3])).toContain(`${FSI}#12${PDI} تماس با ${FSI}Acme${PDI}`);
  });
});
