import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import type { Reply } from "../../src/bots/render/reply.js";
import { renderSlack } from "../../src/bots/slack/slack.render.js";
import { translator } from "../../src/bots/render/i18n.js";
import { MAX_MESSAGE_LENGTH, renderMessages } from "../../src/bots/telegram/telegram.render.js";
import { parseTelegramHtml } from "../emulators/telegram-html.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";

/**
 * /crm help lists every command, and in every language it is longer than one Telegram message (4096
 * characters after entity parsing) or close to it. Whatever the registry grows to, no message sent may pass
 * the limit (Telegram refuses it whole: MESSAGE_TOO_LONG), and no command may be cut off the list: the
 * renderer splits between lines, on Telegram (HTML), on Bale (plain text) and on Slack (3000-character sections).
 */
describe.each(["en", "fa", "hy"])(`/crm help in %s fits every platform's limits (${engineUnderTest})`, (locale) => {
  let app: App;
  let help: Reply;
  const stripMarks = (text: string) => text.replace(/[\u2066-\u2069]/g, "");

  beforeAll(async () => {
    app = await testApp({ env: { CRM_DEFAULT_LOCALE: locale } });
    help = await app.dispatcher.handle("/crm help", consoleCaller("anna"));
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists every command", () => {
    expect(help.lines).toHaveLength(app.registry.all.length);
  });

  it.each(["html", "plain"] as const)("comes as Telegram messages within 4096 characters, every command whole (%s)", (format) => {
    const messages = renderMessages(help, format);
    const read = messages.map((message) => (format === "html" ? parseTelegramHtml(message.text).text : message.text));
    for (const [index, text] of read.entries()) {
      expect(messages[index]!.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(text).not.toMatch(/…$/);
    }
    const all = stripMarks(read.join("\n"));
    for (const command of app.registry.all) expect(all).toContain(command.usage);
  });

  it("comes as one Slack message within Block Kit's limits, every command whole", () => {
    const message = renderSlack(help, translator(locale));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const texts = message.blocks.map((block) => ("text" in block && typeof block.text === "object" ? block.text.text : ""));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    const shown = texts.join("\n");
    const unescaped = stripMarks(shown).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    for (const command of app.registry.all) expect(unescaped).toContain(command.usage);
  });
});
