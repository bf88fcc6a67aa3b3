import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productUnderTest, WEBHOOK_SECRET } from "./fault-harness.js";

// Fault c, against `npm start` as a real process (Slack over HTTP, Telegram webhook, PGlite directory): a
// correctly signed Slack body of payload=null gets a 400 and a 100 MB webhook body a 413, and the process is
// still there afterwards, answering a good command on each platform.
//   npm run faults:malformed

const MB = 1024 * 1024;

/** Streams `megabytes` of JSON-ish filler to the webhook with the right secret; resolves with the status code. */
function postHuge(url: URL, megabytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(megabytes * MB), "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
    });
    req.on("response", (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    // The server answers early and cuts the connection: a write error after the answer is expected.
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    const chunk = Buffer.alloc(MB, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < megabytes && !req.destroyed) {
        sent += 1;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe("malformed input against npm start: the process stays up", () => {
  const product = productUnderTest("pglite", { telegram: "webhook", telegramLimits: false });
  beforeAll(() => product.open(), 150_000);
  afterAll(() => product.close());

  async function stillServes() {
    expect(product.app.child.exitCode).toBeNull();
    const sent = await product.world.slack.sendCommand(product.world.slackTarget, { command: "/lead", text: "list" });
    expect(sent.status).toBe(200);
    await product.world.slack.nextResponse(sent.seq, sent.responseUrl);
    const sara = product.world.tg.user({ first_name: "Sara" });
    const chat = product.world.tg.privateChat(sara);
    await product.world.tg.userSays(chat, sara, "/lead list").settled;
    await product.world.tg.waitFor("sendMessage", () => product.world.tg.botMessages(chat).length > 0);
  }

  it("answers a correctly signed Slack payload=null with 400, then serves Slack and Telegram", async () => {
    const sent = await product.world.slack.sendRaw(product.world.slackTarget, "payload=null", "application/x-www-form-urlencoded");
    expect(sent.status).toBe(400);
    await stillServes();
  });

  it("answers a 100 MB webhook body with 413 without reading it into memory, then serves both", async () => {
    expect(await postHuge(product.world.webhookUrl, 100)).toBe(413);
    await stillServes();
  });

  it("logged no error and no crash", () => {
    expect(product.app.stderr()).not.toMatch(/"level":(50|60)|Unhandled|TypeError/);
  });
});
