import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackEmulator, type SlackEmulator } from "../emulators/slack-emulator.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../emulators/telegram-emulator.js";
import { doorsEnv, freePort, spawnMain, within, type RunningMain } from "../support/run-main.js";

// `npm start` as a real process with both doors on, pointed at the Slack and Telegram emulators that run in
// this test process: one HTTP port, one embedded database, everything a user would see read back from the
// emulators.

const anna = { id: "U0ANNA", name: "anna" };
const WEBHOOK_SECRET = "e2e_webhook-secret";

/** Everything a Slack user sees of a message: its blocks and its notification text. */
const visible = (body: { text?: string; blocks?: unknown[] }) => `${JSON.stringify(body.blocks ?? [])}\n${body.text ?? ""}`;

/** pino lines at error (50) or fatal (60). */
const errorLogs = (stderr: string) => stderr.split("\n").filter((line) => /"level":(5|6)0/.test(line));

async function startBoth(transport: "polling" | "webhook") {
  const dir = mkdtempSync(join(tmpdir(), "threadline-platforms-"));
  const slack = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
  const tg = await startTelegramEmulator();
  const port = await freePort();
  const webhook: Record<string, string> = transport === "webhook" ? { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {};
  const app = spawnMain({
    DATABASE_URL: `pglite:${join(dir, "db")}`,
    PORT: String(port),
    LOG_LEVEL: "warn",
    ...doorsEnv(slack, tg),
    ...webhook,
  });
  // Doors start in order, Slack first; the Telegram door's last start-up call means both are receiving (the
  // emulator records a long poll only when it returns, so polling is seen by the deleteWebhook before it).
  const ready = tg.waitFor(transport === "webhook" ? "setWebhook" : "deleteWebhook");
  await within(Promise.race([ready, app.exited.then((exit) => Promise.reject(new Error(`exited ${JSON.stringify(exit)}: ${app.stderr()}`)))]), 50_000, "the app to start").catch(
    async (error) => {
      // No afterAll will see this app: end it here rather than leave it polling a closed emulator.
      await app.stop("SIGKILL");
      await Promise.all([slack.close(), tg.close()]);
      throw error;
    },
  );
  return {
    app,
    slack,
    tg,
    target: `http://127.0.0.1:${port}/slack/events`,
    port,
    async close() {
      await app.stop("SIGKILL");
      await slack.close();
      await tg.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Running = Awaited<ReturnType<typeof startBoth>>;

/** A slash command as Slack sends it; resolves with the 200 and the reply posted on its response_url. */
async function slash(h: Running, command: string, text: string, channel?: { id: string; name: string }) {
  const sent = await h.slack.sendCommand(h.target, { command, text, user: anna, ...(channel ? { channel } : {}) });
  const response = await h.slack.nextResponse(sent.seq, sent.responseUrl);
  return { sent, response, seen: visible(response.body) };
}

/** A Telegram user's message; resolves with the bot's next message in that chat (what the user sees). */
async function tgSays(tg: TelegramEmulator, chat: TgChat, from: TgUser, text: string) {
  const before = tg.botMessages(chat).length;
  tg.userSays(chat, from, text);
  await within(
    tg.waitFor("sendMessage", () => tg.botMessages(chat).length > before),
    15_000,
    `the bot's answer to ${JSON.stringify(text)}`,
  );
  const answer = tg.botMessages(chat)[before]!;
  return answer.text ?? "";
}

describe("npm start with Slack (HTTP) and Telegram (long polling) in one process", () => {
  let h: Running;
  let linkCode = "";

  beforeAll(async () => {
    h = await startBoth("polling");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("acks a signed Slack /lead add with 200 and shows the lead on response_url; /lead list lists it", async () => {
    const add = await slash(h, "/lead", "add Acme Corp 5000 USD");
    expect(add.sent.status).toBe(200);
    expect(add.response.status).toBe(200);
    expect(add.seen).toContain("Lead #1 created");
    expect(add.seen).toContain("5,000.00 USD");

    const list = await slash(h, "/lead", "list");
    expect(list.sent.status).toBe(200);
    expect(list.seen).toContain("#1 Acme Corp · 5,000.00 USD · new · @anna");
  });

  it("answers the same commands on Telegram from the same process", async () => {
    const tom = h.tg.user({ first_name: "Tom", username: "tom" });
    const chat = h.tg.privateChat(tom);
    const added = await tgSays(h.tg, chat, tom, "/lead add Acme Corp 5000 USD");
    expect(added).toContain("Lead #1 created");
    expect(added).toContain("5,000.00 USD");
    const listed = await tgSays(h.tg, chat, tom, "/lead list");
    expect(listed).toContain("#1 Acme Corp · 5,000.00 USD · new · @tom");
    // Tom's private chat is a workspace of its own: Slack's lead is not his, and his is not Slack's.
    expect((await slash(h, "/lead", "list all")).seen).not.toContain("@tom");
  });

  it("joins Anna's Telegram account to her Slack member with /crm link, on the one database", async () => {
    // Link codes are given out in a private chat only: Anna's DM with the bot.
    const link = await slash(h, "/crm", "link", { id: "D0ANNA", name: "directmessage" });
    linkCode = /Your link code: ([A-Z0-9]{8})/.exec(link.seen)?.[1] ?? "";
    expect(linkCode, link.seen).toHaveLength(8);

    const annaTg = h.tg.user({ first_name: "Anna", username: "anna_tg" });
    const chat = h.tg.privateChat(annaTg);
    expect(await tgSays(h.tg, chat, annaTg, `/crm link ${linkCode}`)).toContain("You are @anna");
    // The lead added in Slack is listed in Telegram, and one added in Telegram is listed in Slack.
    expect(await tgSays(h.tg, chat, annaTg, "/lead list")).toContain("#1 Acme Corp · 5,000.00 USD · new · @anna");
    expect(await tgSays(h.tg, chat, annaTg, "/lead add Globex 1200 EUR")).toContain("1,200.00 EUR");
    expect((await slash(h, "/lead", "list")).seen).toContain("#2 Globex · 1,200.00 EUR · new · @anna");
  });

  it("refuses a Slack request with a bad signature with 401 and does nothing with it", async () => {
    const responsesBefore = h.slack.responses.length;
    const forged = await h.slack.sendCommand(h.target, { command: "/lead", text: "add Forged Ltd 1 USD", user: anna }, { signature: "v0=" + "0".repeat(64) });
    expect(forged.status).toBe(401);
    const unsigned = await h.slack.sendCommand(h.target, { command: "/lead", text: "add Unsigned Ltd 1 USD", user: anna }, { signature: null });
    expect(unsigned.status).toBe(401);
    const list = await slash(h, "/lead", "list all");
    expect(list.seen).not.toContain("Forged");
    expect(list.seen).not.toContain("Unsigned");
    // Only the list's own answer reached a response_url.
    expect(h.slack.responses.length).toBe(responsesBefore + 1);
  });

  it("stops on SIGTERM with exit code 0 and no error logged", async () => {
    const exit = await h.app.stop("SIGTERM");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(errorLogs(h.app.stderr())).toEqual([]);
  });
});

/** POSTs a JSON body to the app, as a stranger who does not know the webhook secret would. */
function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

describe("npm start with the Telegram webhook served beside /slack/events on one port", () => {
  let h: Running;

  beforeAll(async () => {
    h = await startBoth("webhook");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("registers the webhook with its secret, takes Telegram's deliveries there and answers with the lead", async () => {
    const [setWebhook] = h.tg.callsOf("setWebhook");
    expect(setWebhook?.params.url).toBe(`http://127.0.0.1:${h.port}/telegram/hook`);
    expect(setWebhook?.params.secret_token).toBe(WEBHOOK_SECRET);
    expect(h.tg.callsOf("getUpdates")).toEqual([]);

    const tom = h.tg.user({ first_name: "Tom", username: "tom" });
    const chat = h.tg.privateChat(tom);
    const added = await tgSays(h.tg, chat, tom, "/lead add Acme Corp 5000 USD");
    expect(added).toContain("Lead #1 created");
    expect(added).toContain("5,000.00 USD");
    expect(await tgSays(h.tg, chat, tom, "/lead list")).toContain("#1 Acme Corp · 5,000.00 USD · new · @tom");
  });

  it("serves Slack on the same port at the same time", async () => {
    const add = await slash(h, "/lead", "add Initech 300 USD");
    expect(add.sent.status).toBe(200);
    expect(add.seen).toContain("300.00 USD");
    expect((await slash(h, "/lead", "list")).seen).toContain("#1 Initech · 300.00 USD · new · @anna");
  });

  it("refuses a webhook delivery without the secret, and a Slack request with a bad signature", async () => {
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: "private", first_name: "X" }, from: { id: 1, is_bot: false, first_name: "X" }, text: "/lead list" } };
    expect(await postJson(`http://127.0.0.1:${h.port}/telegram/hook`, update)).toBe(403);
    expect(await postJson(`http://127.0.0.1:${h.port}/telegram/hook`, update, { "x-telegram-bot-api-secret-token": "wrong" })).toBe(403);
    const forged = await h.slack.sendCommand(h.target, { command: "/lead", text: "list", user: anna }, { signature: "v0=bad" });
    expect(forged.status).toBe(401);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const exit = await h.app.stop("SIGTERM");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(errorLogs(h.app.stderr())).toEqual([]);
  });
});
