import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import type { Dispatcher } from "../../../src/bots/commands/dispatch.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { startTelegramEmulator, type TelegramEmulator, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { unpacedOutbox } from "../../support/inbox.js";
import { engineUnderTest } from "../../support/db.js";
import { openTelegramDoor, type Transport } from "./telegram.support.js";

const BUSY = "I'm too busy to take this right now. Please try again in a minute.";

/** The app with an inbox of room for one and work held until the test lets it go, behind a Telegram door. */
function heldDoor(transport: Transport) {
  const it = {} as { app: App; tg: TelegramEmulator; door: Awaited<ReturnType<typeof openTelegramDoor>>; anna: TgUser; release: () => void };
  beforeAll(async () => {
    it.app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), inbox: { maxDepth: 1 }, outbox: unpacedOutbox });
    it.tg = await startTelegramEmulator({ limits: false, webhookRetryMs: 20 });
    const gate = new Promise<void>((resolve) => (it.release = resolve));
    const held: Dispatcher = {
      ...it.app.dispatcher,
      handle: async (...args) => (await gate, it.app.dispatcher.handle(...args)),
      resolve: async (...args) => (await gate, it.app.dispatcher.resolve(...args)),
    };
    it.door = await openTelegramDoor(transport, it.app, it.tg, { dispatcher: held });
    it.anna = it.tg.user({ first_name: "Anna", username: "anna" });
  });
  afterAll(async () => {
    it.release?.();
    await it.door?.close();
    await it.app?.inbox.stop();
    await it.tg?.close();
    await it.app?.close();
  });
  return it;
}

const busyCalls = (tg: TelegramEmulator) => tg.callsOf("sendMessage").filter((call) => call.params.text === BUSY);
const titles = async (app: App) => (await app.database.prisma.lead.findMany({ select: { title: true }, orderBy: { number: "asc" } })).map((lead) => lead.title);

// A full inbox refuses a webhook's message with "busy" and records nothing. The refusal is the HTTP response's
// own sendMessage, as Telegram runs it: a flood of refusals adds no Bot API request of its own.
describe(`Telegram webhook with a full inbox (${engineUnderTest})`, () => {
  const given = heldDoor("webhook");

  it("answers busy in the chat (quoting it, in its topic), records nothing, and works what it took once there is room", async () => {
    const { app, tg, anna } = given;
    const dm = tg.privateChat(anna);
    await tg.userSays(dm, anna, "/lead add First 1 USD").settled;
    await expect.poll(() => app.inbox.depth()).toBe(1);

    const group = tg.group("Studio");
    const topic = tg.forumTopic(group);
    await tg.userSays(dm, anna, "/lead add Second 1 USD").settled;
    const inTopic = tg.userSays(group, anna, "/lead add Third 1 USD", { threadId: topic });
    await inTopic.settled;

    const [toDm, toTopic, ...more] = busyCalls(tg);
    expect(more).toEqual([]);
    expect(toDm!.params).toMatchObject({ chat_id: dm.id });
    expect(toDm!.params.reply_parameters).toBeUndefined();
    expect(toTopic!.params).toMatchObject({ chat_id: group.id, message_thread_id: topic, reply_parameters: { message_id: inTopic.update.message!.message_id } });
    // Run by the emulator as Telegram runs a webhook's response, checked against the Bot API's types.
    expect(busyCalls(tg).map((call) => [call.via, call.ok])).toEqual([
      ["webhook-reply", true],
      ["webhook-reply", true],
    ]);
    expect(await app.database.prisma.inboundDelivery.count()).toBe(1);

    given.release();
    await expect.poll(() => tg.botMessages(dm).some((message) => message.text?.includes("Lead #1 created")), { timeout: 10_000 }).toBe(true);
    await app.inbox.idle();
    expect(await titles(app)).toEqual(["First"]);
  });
});

// Long polling has no refusal to make: while the inbox is full, updates wait with Telegram, unfetched.
describe(`Telegram long polling with a full inbox (${engineUnderTest})`, () => {
  const given = heldDoor("polling");

  it("leaves the next messages with Telegram, says nothing, and works them in order once there is room", async () => {
    const { app, tg, anna } = given;
    const dm = tg.privateChat(anna);
    tg.userSays(dm, anna, "/lead add First 1 USD");
    await expect.poll(() => app.inbox.depth()).toBe(1);
    const later = [tg.userSays(dm, anna, "/lead add Second 1 USD"), tg.userSays(dm, anna, "/lead add Third 1 USD")];
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(busyCalls(tg)).toEqual([]);
    expect(await app.database.prisma.inboundDelivery.count()).toBe(1);

    given.release();
    await Promise.all(later.map((sent) => sent.settled));
    await expect.poll(() => tg.botMessages(dm).filter((message) => message.text?.includes("created")).length, { timeout: 10_000 }).toBe(3);
    await app.inbox.idle();
    expect(await titles(app)).toEqual(["First", "Second", "Third"]);
    expect(busyCalls(tg)).toEqual([]);
  });
});
