import { createServer, type Socket } from "node:net";
import { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistry } from "../../../src/bots/commands/all.commands.js";
import { DeliveryError } from "../../../src/bots/messenger.js";
import { translator } from "../../../src/bots/render/i18n.js";
import { boundRequests } from "../../../src/bots/telegram/bot-api.timeout.js";
import { createTelegramBot } from "../../../src/bots/telegram/telegram.bot.js";
import { createTelegramMessenger } from "../../../src/bots/telegram/telegram.messenger.js";
import { createLogger } from "../../../src/log.js";

const TOKEN = "123456:timeouts";
const LIMIT_MS = 300;

/** A Bot API server that takes every connection and request and never answers. */
async function silentServer() {
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk) => (bytes += chunk.length));
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    apiRoot: `http://127.0.0.1:${port}/`,
    heard: () => bytes > 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** How long `work` took to settle, and how (it must settle: a hang fails the test on its timeout). */
async function timed(work: Promise<unknown>) {
  const started = Date.now();
  const outcome: { ok: boolean; error?: unknown } = await work.then(
    () => ({ ok: true }),
    (error: unknown) => ({ ok: false, error }),
  );
  return { ...outcome, ms: Date.now() - started };
}

describe("Bot API requests have a time limit", () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  beforeAll(async () => {
    silent = await silentServer();
  });
  afterAll(async () => {
    await silent?.close();
  });

  it("gives a send up past the limit as uncertain (the server took it), so the outbox sends it again later", async () => {
    const messenger = createTelegramMessenger(boundRequests(new Telegram(TOKEN, { apiRoot: silent.apiRoot }), LIMIT_MS));
    const sent = await timed(messenger.send({ platform: "telegram", chatId: "42" }, { lines: ["hi"] }));
    expect(sent.ok).toBe(false);
    expect(sent.ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(sent.ms).toBeLessThan(5_000);
    expect(sent.error).toBeInstanceOf(DeliveryError);
    expect((sent.error as DeliveryError).kind).toBe("uncertain");
    expect(silent.heard()).toBe(true);
  });

  it("bounds the bot's own client and the one telegraf makes for each update (a refusal sent as a request)", async () => {
    const { bot } = createTelegramBot({
      token: TOKEN,
      apiRoot: silent.apiRoot,
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
