import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { repliesSent, unpacedOutbox } from "../../support/inbox.js";
import { sendInTwoWrites } from "../../support/raw-http.js";
import { BALE_WEBHOOK_SECRET, openTelegramDoor, type Transport } from "../telegram/telegram.support.js";

/** Types a message and waits until its answer has left the outbox. */
async function say(app: App, bale: TelegramEmulator, chat: TgChat, from: TgUser, text: string) {
  const sent = bale.userSays(chat, from, text);
  await sent.settled;
  await repliesSent(app);
  return sent;
}

describe.each<Transport>(["polling", "webhook"])(`Bale door over %s, against the emulator's Bale mode (${engineUnderTest})`, (transport) => {
  let app: App;
  let bale: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let sara: TgUser;
  let dm: TgChat;
  const lastText = (chat: TgChat) => bale.botMessages(chat).at(-1)?.text ?? "";

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), outbox: unpacedOutbox });
    bale = await startTelegramEmulator({ dialect: "bale", limits: false, webhookRetryMs: 20, bot: { username: "threadline_bale_bot" } });
    door = await openTelegramDoor(transport, app, bale, { platform: "bale" });
    sara = bale.user({ first_name: "Sara", username: "sara" });
    dm = bale.privateChat(sara);
  });
  afterAll(async () => {
    await door?.close();
    await bale?.close();
    await app?.close();
  });

  it("answers /lead add in plain text (Bale parses no HTML), as a Bale member, using only what Bale documents", async () => {
    await say(app, bale, dm, sara, "/lead add Acme Corp 5000 USD");
    const created = lastText(dm);
    expect(created).toContain("Lead #1 created");
    expect(created).toContain("Value: 5,000.00 USD");
    expect(created).not.toMatch(/<\/?b>/);
    await say(app, bale, dm, sara, "/lead list");
    expect(lastText(dm)).toContain("#1 Acme Corp · 5,000.00 USD · new · @sara");

    // Every call the door made was one Bale takes: no setMyCommands, no parse_mode, no allowed_updates.
    expect(bale.calls.filter((call) => !call.ok)).toEqual([]);
    expect(bale.callsOf("setMyCommands")).toEqual([]);
    expect(bale.callsOf("sendMessage").every((call) => call.params.parse_mode === undefined)).toBe(true);
    const identity = await app.database.prisma.platformIdentity.findFirstOrThrow({ where: { externalUserId: String(sara.id) }, select: { platform: true } });
    expect(identity.platform).toBe("bale");
    // Each update went through the inbox under Bale's own key, and each answer through the outbox as a Bale row.
    const keys = (await app.database.prisma.inboundDelivery.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys.every((key) => key.startsWith(`bale:${bale.me.id}:`))).toBe(true);
    const replies = await app.database.prisma.outboxMessage.findMany({ where: { kind: "reply" }, select: { platform: true, state: true } });
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(replies.every((row) => row.platform === "bale" && row.state === "sent")).toBe(true);
  });

  it("asks /lead add alone as plain questions (Bale has no reply prompt) and takes the answers typed in the chat", async () => {
    await say(app, bale, dm, sara, "/lead add");
    expect(lastText(dm)).toContain("Name? For example: Acme Corp");
    expect(bale.callsOf("sendMessage").at(-1)!.params.reply_markup).toBeUndefined();
    await say(app, bale, dm, sara, "Bale Form Co");
    expect(lastText(dm)).toContain("Value?");
    await say(app, bale, dm, sara, "/skip");
    await say(app, bale, dm, sara, "/skip");
    expect(lastText(dm)).toContain("Name: Bale Form Co");
    expect(bale.calls.filter((call) => !call.ok)).toEqual([]);
  });

  it("takes a group's replies to the bot's question from its starter only", async () => {
    const team = bale.group("Bale team");
    const omid = bale.user({ first_name: "Omid", username: "omid" });
    await say(app, bale, team, sara, "/lead add");
    const question = bale.botMessages(team).at(-1)!;
    expect(question.reply_to_message?.from.id).toBe(sara.id);
    const seen = bale.botMessages(team).length;
    await bale.userReplies(team, omid, question.message_id, "Not Saras Co").settled;
    await repliesSent(app);
    expect(bale.botMessages(team)).toHaveLength(seen);
    await bale.userReplies(team, sara, question.message_id, "Saras Co").settled;
    await repliesSent(app);
    expect(lastText(team)).toContain("Value?");
    expect(await app.database.prisma.formSession.count({ where: { chatId: String(team.id), platform: "bale" } })).toBe(1);
  });

  it("shows a lead name full of markup as typed, with nothing escaped", async () => {
    await say(app, bale, dm, sara, "/lead add <b>x</b> & co 10 USD");
    expect(lastText(dm)).toContain("Name: <b>x</b> & co");
  });

  it("answers /lead@<botname> in a group quoting the command with reply_to_message_id, and ignores another bot's", async () => {
    const team = bale.group("Sales team");
    const asked = await say(app, bale, team, sara, `/lead@${bale.me.username} list`);
    const answer = bale.botMessages(team).at(-1)!;
    expect(answer.text).toContain("Open leads");
    expect(answer.reply_to_message?.message_id).toBe(asked.update.message!.message_id);
    const before = bale.botMessages(team).length;
    await say(app, bale, team, sara, "/lead@other_bot list");
    expect(bale.botMessages(team)).toHaveLength(before);
  });

  it("edits the message on a button press and answers the callback query with its own call", async () => {
    await say(app, bale, dm, sara, "/invoice new Acme Corp ; Design sprint 2 x 450 USD");
    const draft = bale.botMessages(dm).at(-1)!;
    const discard = draft.reply_markup!.inline_keyboard.flat().find((button) => button.text === "Discard")!;
    await bale.press(dm, sara, draft.message_id, discard.callback_data!).settled;
    await repliesSent(app);
    expect(bale.message(dm.id, draft.message_id)!.text).toContain("discarded");
    expect(bale.unansweredCallbackQueries()).toEqual([]);
    // Bale runs no method from a webhook's response, so the answer went as a request of its own.
    expect(bale.callsOf("answerCallbackQuery").map((call) => call.via)).toEqual(["http"]);
  });

  if (transport === "webhook") {
    it("registers the webhook with the secret in its path, and a delivery to the path without it reaches nothing", async () => {
      const [set] = bale.callsOf("setWebhook");
      expect(set!.params).toEqual({ url: `${door.url}/bale_s3cret_for-tests_0123456789abcdef` });
      const status = await new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ update_id: 999, message: { message_id: 1, date: 0, chat: dm, from: sara, text: "/lead add Forged 1 USD" } });
        const req = request(door.url!, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end(body);
      });
      expect(status).toBe(404);
      expect(await app.database.prisma.lead.count({ where: { title: "Forged" } })).toBe(0);
    });

    it("reads a webhook body as the Telegram door does: whole under 1 MB, decoded once, refused when it is not an update", async () => {
      // The secret is in the path, so any request that reaches the route carries it: a bad body is a 400, not a 403.
      const post = (body: string | Buffer) =>
        fetch(`${door.url}/${BALE_WEBHOOK_SECRET}`, { method: "POST", headers: { "content-type": "application/json" }, body }).then((response) => response.status);
      expect(await post("null")).toBe(400);
      expect(await post("{}")).toBe(400);
      expect(await post("not json")).toBe(415);
      expect(await post(Buffer.alloc(2 * 1024 * 1024, 0x20))).toBe(413);
      const name = "شرکت آلفا";
      const update = { update_id: 4242, message: { message_id: 4242, date: 1_700_000_000, chat: dm, from: sara, text: `/lead add ${name} 1 USD` } };
      const body = Buffer.from(JSON.stringify(update));
      // The first write ends inside "ش" (two bytes in UTF-8): the name must still arrive whole.
      const url = new URL(`${door.url}/${BALE_WEBHOOK_SECRET}`);
      expect(await sendInTwoWrites(url, body, body.indexOf(Buffer.from("ش")) + 1, { "content-type": "application/json" })).toBe(200);
      await expect.poll(() => app.database.prisma.lead.count({ where: { title: name } })).toBe(1);
    });
  }
});

describe(`/crm link between Telegram and Bale (${engineUnderTest})`, () => {
  let app: App;
  let tg: TelegramEmulator;
  let bale: TelegramEmulator;
  let doors: Array<Awaited<ReturnType<typeof openTelegramDoor>>> = [];

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), outbox: unpacedOutbox });
    tg = await startTelegramEmulator({ limits: false });
    bale = await startTelegramEmulator({ dialect: "bale", limits: false, bot: { id: 8_000_001, username: "threadline_bale_bot" } });
    doors = [await openTelegramDoor("polling", app, tg), await openTelegramDoor("polling", app, bale, { platform: "bale" })];
  });
  afterAll(async () => {
    for (const door of doors) await door.close();
    await tg?.close();
    await bale?.close();
    await app?.close();
  });

  it("joins Anna's Bale identity to her Telegram one: one person, one workspace, either app", async () => {
    const annaTg = tg.user({ first_name: "Anna", username: "anna" });
    const tgDm = tg.privateChat(annaTg);
    await say(app, tg, tgDm, annaTg, "/lead add Telegram Lead 100 USD");
    await say(app, tg, tgDm, annaTg, "/crm link");
    const code = /Your link code: ([A-Z0-9]{8})/.exec(tg.botMessages(tgDm).at(-1)!.text!)![1]!;

    const annaBale = bale.user({ first_name: "Anna", username: "anna_bale" });
    const baleDm = bale.privateChat(annaBale);
    await say(app, bale, baleDm, annaBale, `/crm link ${code}`);
    expect(bale.botMessages(baleDm).at(-1)!.text).toContain("You are @anna");

    await say(app, bale, baleDm, annaBale, "/lead add Bale Lead 200 USD");
    await say(app, bale, baleDm, annaBale, "/lead list");
    const list = bale.botMessages(baleDm).at(-1)!.text!;
    expect(list).toContain("Telegram Lead");
    expect(list).toContain("Bale Lead · 200.00 USD · new · @anna");
    const identities = await app.database.prisma.platformIdentity.findMany({ select: { platform: true, personId: true } });
    expect(identities.map((identity) => identity.platform).sort()).toEqual(["bale", "telegram"]);
    expect(new Set(identities.map((identity) => identity.personId)).size).toBe(1);
  });
});
