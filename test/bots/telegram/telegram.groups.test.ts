import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { App } from "../../../src/app.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { openTelegramDoor, steppedOutbox } from "./telegram.support.js";

/**
 * Telegram groups as they really are, through the real door and the emulator: anonymous admins, posts sent
 * as a channel, other bots, forum topics, and a group upgraded to a supergroup (a new chat id).
 */
describe(`Telegram groups as Telegram sends them (${engineUnderTest})`, () => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let anna: TgUser;
  let bob: TgUser;
  let outbox: OutboxDispatcher;
  const clock = fixedClock("2026-11-25T09:00:00Z");

  const lastText = (chat: TgChat) => tg.botMessages(chat).at(-1)?.text ?? "";
  /** The update's work done (from the inbox) and what it wrote to the outbox sent: what a user waits for. */
  async function answered() {
    await app.inbox.idle();
    await outbox.tick();
  }
  async function say(chat: TgChat, from: TgUser, text: string, threadId?: number) {
    const sent = tg.userSays(chat, from, text, threadId === undefined ? {} : { threadId });
    await sent.settled;
    await answered();
    return lastText(chat);
  }
  async function settled(sent: { settled: Promise<void> }, chat: TgChat) {
    await sent.settled;
    await answered();
    return lastText(chat);
  }

  beforeAll(async () => {
    app = await testApp({ clock });
    tg = await startTelegramEmulator({ limits: false });
    door = await openTelegramDoor("polling", app, tg);
    // Replies and reminders leave through this test's own dispatcher, one round when the test says so.
    outbox = await steppedOutbox(app, clock, "groups-test");
    anna = tg.user({ first_name: "Anna", username: "anna" });
    bob = tg.user({ first_name: "Bob", username: "bob" });
  });
  afterAll(async () => {
    await door?.close();
    await app?.close();
    // Last: fails the suite if any call broke the Bot API's method list.
    await tg?.close();
  });

  it("keeps the anonymous admins of two unrelated groups apart, each an admin of its own group only", async () => {
    const c = tg.group("Group C");
    const d = tg.group("Group D");
    expect(await settled(tg.anonymousAdminSays(c, "/lead add Lead of C"), c)).toContain("Lead #1 created");
    expect(await settled(tg.anonymousAdminSays(d, "/lead add Lead of D"), d)).toContain("Lead #1 created");
    expect(await settled(tg.anonymousAdminSays(c, "/lead list all"), c)).not.toContain("Lead of D");
    expect(await settled(tg.anonymousAdminSays(d, "/lead list all"), d)).not.toContain("Lead of C");
    expect(await say(d, bob, "/lead show 1")).toContain("Lead of D");
    expect(await say(c, bob, "/lead find Lead")).not.toContain("Lead of D");
  });

  it("never lets an anonymous admin approve under four-eyes", async () => {
    const e = tg.group("Group E");
    await settled(tg.anonymousAdminSays(e, "/crm settings approval 100 USD"), e);
    await settled(tg.anonymousAdminSays(e, "/crm settings four-eyes on"), e);
    await say(e, anna, "/lead list");
    expect(await settled(tg.anonymousAdminSays(e, "/crm role @anna approver"), e)).toContain("@anna is now an approver");
    await say(e, bob, "/invoice new Acme ; Work 1 x 500 USD");
    expect(await say(e, bob, "/invoice submit 1")).toContain("waiting for approval");
    const before = tg.botMessages(e).length;
    await settled(tg.anonymousAdminSays(e, "/invoice approve 1"), e);
    // Among what came after: the refusal (and, as Anna never opened a private chat, the admins' alert that her
    // approval request could not reach her).
    const after = tg.botMessages(e).slice(before).map((message) => message.text ?? "");
    expect(after.join("\n")).toContain("An anonymous admin or a channel can't approve invoice 1");
    const invoice = await app.database.prisma.invoice.findFirstOrThrow({ where: { customer: { name: "Acme" } }, select: { state: true } });
    expect(invoice.state).toBe("pending_approval");
  });

  it("answers a post sent as a channel as the channel, and ignores other bots", async () => {
    const f = tg.group("Group F");
    const news = tg.channel("Acme news", "acme_news");
    expect(await settled(tg.channelSays(f, news, "/lead add From the channel"), f)).toContain("Lead #1 created");
    expect(await say(f, anna, "/crm members")).toContain("@acme_news: Acme news (owner)");
    const otherBot = { id: 5_000_001, is_bot: true, first_name: "Other bot", username: "other_bot" };
    const before = tg.botMessages(f).length;
    await tg.userSays(f, otherBot, "/lead list all").settled;
    expect(tg.botMessages(f)).toHaveLength(before);
  });

  it("keeps replies, PDFs and reminders from a forum topic in that topic", async () => {
    const forum = tg.group("Support");
    const topic = tg.forumTopic(forum);
    await say(forum, anna, "/lead add Topic lead", topic);
    expect(tg.botMessages(forum).at(-1)).toMatchObject({ message_thread_id: topic, is_topic_message: true });

    await say(forum, anna, "/invoice new Acme ; Work 1 x 10 USD", topic);
    await say(forum, anna, "/invoice submit 1", topic);
    await say(forum, anna, "/invoice send INV-2026-0001", topic);
    const pdf = tg.botMessages(forum).find((message) => message.document);
    expect(pdf).toMatchObject({ message_thread_id: topic, document: { file_name: "INV-2026-0001.pdf" } });

    // Bob never started a private chat with the bot, so his reminder falls back to where he asked for it.
    await say(forum, bob, "/task add Call the customer due in 1 hour", topic);
    clock.advance({ hours: 1 });
    await outbox.tick();
    const reminder = tg.botMessages(forum).at(-1)!;
    expect(reminder.text).toContain("Call the customer");
    expect(reminder.message_thread_id).toBe(topic);
  });

  it("follows a group upgraded to a supergroup: same workspace, settings and approvals chat", async () => {
    const ops = tg.group("Ops", "group");
    await say(ops, anna, "/lead add Ops lead");
    await say(ops, anna, "/crm settings digest 08:30");
    await say(ops, anna, "/crm settings approvals-chat here");
    const upgraded = tg.upgradeToSupergroup(ops, anna);
    // The service messages are handled before anything said in the supergroup.
    expect(await say(upgraded, bob, "/lead list all")).toContain("Ops lead");
    const settings = await say(upgraded, anna, "/crm settings");
    expect(settings).toContain("08:30");
    expect(await say(upgraded, anna, "/crm settings approval 100 USD")).toContain("Approvals chat: this chat");
    const workspace = await say(upgraded, anna, "/crm workspace");
    expect(workspace).toContain("Workspace: Ops");
    expect(workspace).toContain("@anna (Anna)");
  });

  it("sends an approval request that failed at the old id to the supergroup, and moves every stored id", async () => {
    const finance = tg.group("Finance", "group");
    await say(finance, anna, "/crm settings approvals-chat here");
    await say(finance, anna, "/crm settings approval 100 USD");
    await say(finance, bob, "/invoice new Globex ; Work 1 x 900 USD");
    // Worked, and nothing sent yet: the reply and the approval request wait in the outbox.
    await tg.userSays(finance, bob, "/invoice submit 1").settled;
    await app.inbox.idle();
    // Telegram upgrades the group before they go out, and the bot never sees the service messages.
    const upgraded = tg.upgradeToSupergroup(finance, anna, { announce: false });
    await outbox.tick();
    const refused = tg.calls.find((call) => call.method === "sendmessage" && Number(call.params.chat_id) === finance.id && !call.ok);
    expect(refused?.description).toContain("upgraded to a supergroup");
    const request = tg.botMessages(upgraded).find((message) => message.reply_markup)!;
    expect(request.text).toContain("Globex");
    expect(request.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toEqual(["Approve", "Reject"]);

    const db = app.database.prisma;
    expect(await db.chatLink.count({ where: { externalChatId: String(finance.id) } })).toBe(0);
    expect(await db.chatLink.count({ where: { externalChatId: String(upgraded.id) } })).toBe(1);
    const pendingAtOld = await db.outboxMessage.count({ where: { chatId: String(finance.id), state: { in: ["pending", "uncertain", "failed"] } } });
    expect(pendingAtOld).toBe(0);
    expect(await say(upgraded, anna, "/crm settings approval 100 USD")).toContain("Approvals chat: this chat");
  });
});
