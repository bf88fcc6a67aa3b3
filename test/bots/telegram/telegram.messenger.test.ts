import { createServer } from "node:net";
import { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError, type Messenger } from "../../../src/bots/messenger.js";
import { createTelegramMessenger } from "../../../src/bots/telegram/telegram.messenger.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat } from "../../emulators/telegram-emulator.js";

describe("Telegram messenger", () => {
  let tg: TelegramEmulator;
  let messenger: Messenger;
  let now = Date.parse("2026-11-25T09:00:00Z");
  const newChat = () => tg.privateChat(tg.user({ first_name: "Reader" }));
  const address = (chat: TgChat) => ({ platform: "telegram" as const, chatId: String(chat.id) });
  const failureOf = (work: Promise<unknown>) =>
    work.then(
      () => expect.fail("expected a DeliveryError"),
      (error: unknown) => {
        expect(error).toBeInstanceOf(DeliveryError);
        return error as DeliveryError;
      },
    );

  beforeAll(async () => {
    // One message a second per chat with no burst, on a clock the tests move.
    tg = await startTelegramEmulator({ now: () => now, limits: { perChat: { perSecond: 1, burst: 1 } } });
    messenger = createTelegramMessenger(new Telegram(tg.token, { apiRoot: tg.apiRoot }));
  });
  afterAll(async () => {
    await tg?.close();
  });

  it("sends a reply as HTML with its buttons and returns the message to edit later", async () => {
    const chat = newChat();
    const ref = await messenger.send(address(chat), {
      title: "Invoice INV-2026-0007 needs approval",
      fields: [{ label: "Amount", value: "1,200.00 EUR" }],
      actions: [{ id: "inv.approve:abc:0123456789", label: "Approve" }],
    });
    const sent = tg.message(chat.id, Number(ref.messageId))!;
    expect(ref).toEqual({ platform: "telegram", chatId: String(chat.id), messageId: String(sent.message_id) });
    expect(sent.text).toBe("Invoice INV-2026-0007 needs approval\nAmount: 1,200.00 EUR");
    expect(sent.reply_markup).toEqual({ inline_keyboard: [[{ text: "Approve", callback_data: "inv.approve:abc:0123456789" }]] });
  });

  it("edits a message, removes its buttons, and treats an identical edit as done", async () => {
    const chat = newChat();
    const ref = await messenger.send(address(chat), { lines: ["Waiting"], actions: [{ id: "x.y:1:0123456789", label: "Go" }] });
    await messenger.edit(ref, { lines: ["Approved by @anna"] });
    await messenger.edit(ref, { lines: ["Approved by @anna"] });
    const edited = tg.message(chat.id, Number(ref.messageId))!;
    expect(edited.text).toBe("Approved by @anna");
    expect(edited.reply_markup).toBeUndefined();
  });

  it("sends a file with sendDocument as a chunked multipart upload", async () => {
    const chat = newChat();
    now += 1000;
    const bytes = new TextEncoder().encode("%PDF-1.7 invoice");
    const ref = await messenger.sendFile(address(chat), { filename: "INV-2026-0007.pdf", bytes, caption: "Invoice <7> & co" });
    const document = tg.message(chat.id, Number(ref.messageId))!;
    expect(document.document?.file_name).toBe("INV-2026-0007.pdf");
    expect(document.caption).toBe("Invoice <7> & co");
    expect(tg.files.get(document.document!.file_id)?.bytes.toString()).toBe("%PDF-1.7 invoice");
    expect(tg.callsOf("sendDocument").at(-1)?.chunked).toBe(true);
  });

  it("maps a 429 to rate_limited with Telegram's retry_after in milliseconds", async () => {
    const chat = newChat();
    now += 1000;
    await messenger.send(address(chat), { lines: ["first"] });
    const error = await failureOf(messenger.send(address(chat), { lines: ["second, too soon"] }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(1000);
    expect(tg.rateLimitedCount).toBe(1);
    now += 1000;
    await expect(messenger.send(address(chat), { lines: ["second, after waiting"] })).resolves.toMatchObject({ chatId: String(chat.id) });
  });

  it("gives up (permanent) on a chat that does not exist, a bot that was blocked, or a user who never started it", async () => {
    expect((await failureOf(messenger.send({ platform: "telegram", chatId: "-99" }, { lines: ["hi"] }))).kind).toBe("permanent");
    const blocker = tg.user({ first_name: "Blocker" });
    const blockedChat = tg.privateChat(blocker);
    tg.blockBot(blocker);
    const blocked = await failureOf(messenger.send(address(blockedChat), { lines: ["hi"] }));
    expect(blocked).toMatchObject({ kind: "permanent", message: expect.stringContaining("bot was blocked") });
    const stranger = tg.privateChat(tg.user({ first_name: "Stranger" }), { started: false });
    expect((await failureOf(messenger.send(address(stranger), { lines: ["hi"] }))).message).toContain("can't initiate conversation");
  });

  it("retries later (transient) on a 5xx and says uncertain when the connection is cut after the request arrived", async () => {
    const chat = newChat();
    tg.fail("sendMessage", { error_code: 502, description: "Bad Gateway" });
    expect((await failureOf(messenger.send(address(chat), { lines: ["hi"] }))).kind).toBe("transient");
    tg.fail("sendMessage", "hang-up");
    expect((await failureOf(messenger.send(address(chat), { lines: ["hi"] }))).kind).toBe("uncertain");
  });

  it("retries later (transient) when the API cannot be reached at all", async () => {
    const port = await closedPort();
    const offline = createTelegramMessenger(new Telegram(tg.token, { apiRoot: `http://127.0.0.1:${port}` }));
    expect((await failureOf(offline.send({ platform: "telegram", chatId: "1" }, { lines: ["hi"] }))).kind).toBe("transient");
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
