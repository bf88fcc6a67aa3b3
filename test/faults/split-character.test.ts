import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendInTwoWrites } from "../support/raw-http.js";
import { productUnderTest, leadTitles, WEBHOOK_SECRET } from "./fault-harness.js";

// Fault d, against `npm start` as a real process: a Telegram webhook delivery whose Persian lead title is
// split inside one character (between the two bytes of "ش") across two TCP writes is stored intact.
//   npm run faults:split

describe("a character split across two TCP writes, against npm start", () => {
  const product = productUnderTest("pglite", { telegram: "webhook", telegramLimits: false });
  beforeAll(() => product.open(), 150_000);
  afterAll(() => product.close());

  it("stores the Persian title intact and answers with it", async () => {
    const title = "شرکت پارس";
    const text = `/lead add ${title} 1 USD`;
    const update = {
      update_id: 424_242,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 5150, type: "private", first_name: "Sara" },
        from: { id: 5150, is_bot: false, first_name: "Sara" },
        text,
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      },
    };
    const body = Buffer.from(JSON.stringify(update));
    const cut = body.indexOf(Buffer.from("ش")) + 1;
    expect(body.subarray(cut - 1, cut + 1).toString("utf8")).toBe("ش");

    const status = await sendInTwoWrites(product.world.webhookUrl, body, cut, { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET });
    expect(status).toBe(200);
    const answer = await product.world.tg.waitFor("sendMessage", (call) => String(call.params.chat_id) === "5150");
    expect(String(answer.params.text)).toContain(title);

    expect((await product.app.stop("SIGTERM")).code).toBe(0);
    const titles = await leadTitles(product.db);
    expect(titles.get(title)).toBe(1);
    expect([...titles.keys()].some((stored) => stored.includes("\uFFFD"))).toBe(false);
  });
});
