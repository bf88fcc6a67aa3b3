import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { repliesSent } from "../../support/inbox.js";
import { openTelegramDoor } from "./telegram.support.js";

// Replies to commands leave through the outbox, paced as Telegram asks, on the real clock: a 429 is waited
// out for its retry_after and the reply sent again, never lost after the command has run.

describe(`Telegram replies go through the paced outbox (${engineUnderTest})`, () => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let anna: TgUser;
  let dm: TgChat;

  beforeAll(async () => {
    app = await testApp({ outbox: { pollIntervalMs: 50 } });
    tg = await startTelegramEmulator({ limits: false });
    door = await openTelegramDoor("webhook", app, tg);
    anna = tg.user({ first_name: "Anna", username: "anna" });
    dm = tg.privateChat(anna);
  });
  afterAll(async () => {
    await door?.close();
    await tg?.close();
    await app?.close();
  });

  it("sends a reply again after a 429, once its retry_after has passed", async () => {
    tg.fail("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const asked = Date.now();
    await tg.userSays(dm, anna, "/lead add Patient Co 10 USD").settled;
    await repliesSent(app);

    const sends = tg.callsOf("sendMessage").filter((call) => call.params.chat_id === String(dm.id));
    expect(sends.map((call) => call.ok)).toEqual([false, true]);
    expect(sends[0]!.errorCode).toBe(429);
    expect(tg.botMessages(dm).map((message) => message.text)).toEqual([expect.stringContaining("Lead #1 created")]);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(1000);
    expect(await app.database.prisma.lead.count({ where: { title: "Patient Co" } })).toBe(1);
  });

  it("paces replies into one chat at about one a second", async () => {
    const before = tg.callsOf("sendMessage").filter((call) => call.ok).length;
    // When the emulator records each of the next two replies.
    const arrival = (n: number) => tg.waitFor("sendMessage", () => tg.callsOf("sendMessage").filter((call) => call.ok).length >= before + n).then(() => Date.now());
    const [first, second] = [arrival(1), arrival(2)];
    await tg.userSays(dm, anna, "/lead list").settled;
    await tg.userSays(dm, anna, "/lead list").settled;
    await repliesSent(app);
    expect(tg.botMessages(dm).slice(-2).map((message) => message.text)).toEqual([expect.stringContaining("Open leads"), expect.stringContaining("Open leads")]);
    expect((await second) - (await first)).toBeGreaterThanOrEqual(950);
  });
});
