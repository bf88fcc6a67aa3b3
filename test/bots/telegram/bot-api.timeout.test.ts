import { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistry } from "../../../src/bots/commands/all.commands.js";
import { DeliveryError } from "../../../src/bots/messenger.js";
import { translator } from "../../../src/bots/render/i18n.js";
import { boundRequests } from "../../../src/bots/telegram/bot-api.timeout.js";
import { createTelegramBot } from "../../../src/bots/telegram/telegram.bot.js";
import { createTelegramMessenger } from "../../../src/bots/telegram/telegram.messenger.js";
import { createLogger } from "../../../src/log.js";
import { startTelegramEmulator, type TelegramEmulator } from "../../emulators/telegram-emulator.js";
import { startTcpProxy, type TcpProxy } from "../../support/tcp-proxy.js";

const LIMIT_MS = 300;

/** How long `work` took to settle, and how (it must settle: a hang fails the test on its timeout). */
async function timed(work: Promise<unknown>) {
  const started = Date.now();
  const outcome: { ok: boolean; error?: unknown } = await work.then(
    () => ({ ok: true }),
    (error: unknown) => ({ ok: false, error }),
  );
  return { ...outcome, ms: Date.now() - started };
}

// The path to the Bot API goes through a proxy that is cut as a blackhole: connections are accepted and never
// answered (test/support/tcp-proxy.ts), as a hung server or a silently dropped route looks to the client.
describe("Bot API requests have a time limit", () => {
  let tg: TelegramEmulator;
  let proxy: TcpProxy;
  let apiRoot: string;
  beforeAll(async () => {
    tg = await startTelegramEmulator({ limits: false });
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(tg.apiRoot).port) });
    apiRoot = `http://127.0.0.1:${proxy.port}/`;
  });
  afterAll(async () => {
    await proxy?.close();
    await tg?.close();
  });

  it("gives a send up past the limit as uncertain (it may have landed), so the outbox sends it again later", async () => {
    const messenger = createTelegramMessenger(boundRequests(new Telegram(tg.token, { apiRoot }), LIMIT_MS));
    const chat = tg.privateChat(tg.user({ first_name: "Reader" }));
    // A server that answers in time is not cut short.
    expect((await timed(messenger.send({ platform: "telegram", chatId: String(chat.id) }, { lines: ["before"] }))).ok).toBe(true);

    proxy.cut("blackhole");
    const sent = await timed(messenger.send({ platform: "telegram", chatId: String(chat.id) }, { lines: ["hi"] }));
    expect(sent.ok).toBe(false);
    expect(sent.ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(sent.ms).toBeLessThan(5_000);
    expect(sent.error).toBeInstanceOf(DeliveryError);
    expect((sent.error as DeliveryError).kind).toBe("uncertain");
    // Sent into the blackhole, where it may or may not have landed; here it did not.
    expect(tg.botMessages(chat).map((message) => message.text)).toEqual(["before"]);
  });

  it("bounds the bot's own client and the one telegraf makes for each update (a refusal sent as a request)", async () => {
    proxy.cut("blackhole");
    const { bot } = createTelegramBot({
      token: tg.token,
      apiRoot,
      inbox: { accept: async () => "busy" },
      registry: commandRegistry(),
      log: createLogger("silent"),
      t: translator("en"),
      apiTimeoutMs: LIMIT_MS,
    });
    bot.botInfo = { id: 1, is_bot: true, first_name: "Threadline", username: "threadline_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

    const own = await timed(bot.telegram.sendMessage(42, "hi"));
    expect(own).toMatchObject({ ok: false, error: expect.objectContaining({ name: "AbortError" }) });
    expect(own.ms).toBeLessThan(5_000);

    // By long polling there is no webhook response to carry "busy": it is a sendMessage of its own, on
    // telegraf's per-update client. The update's handling ends (the failure logged) instead of hanging.
    const chat = { id: 42, type: "private" as const, first_name: "Anna" };
    const update = {
      update_id: 7,
      message: { message_id: 3, date: 1, chat, from: { id: 42, is_bot: false, first_name: "Anna" }, text: "/lead add Acme 5 USD", entities: [{ type: "bot_command" as const, offset: 0, length: 5 }] },
    };
    const handled = await timed(bot.handleUpdate(update));
    expect(handled.ok).toBe(true);
    expect(handled.ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(handled.ms).toBeLessThan(5_000);
  });
});
