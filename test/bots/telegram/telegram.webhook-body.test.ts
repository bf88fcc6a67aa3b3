import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { startTelegramEmulator, type TelegramEmulator } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { unpacedOutbox } from "../../support/inbox.js";
import { sendInTwoWrites } from "../../support/raw-http.js";
import { openTelegramDoor, WEBHOOK_SECRET } from "./telegram.support.js";

// The webhook's body as bytes on the wire: read whole under a limit, decoded once, refused when it is not an
// update. Requests are written by hand on a TCP socket, the way a proxy or Telegram may split them.

let updateId = 9_000;
/** A private-chat `/lead add <name> 1 USD` update, as Telegram would post it. */
function leadAddUpdate(name: string) {
  const text = `/lead add ${name} 1 USD`;
  updateId += 1;
  const from = { id: 777, is_bot: false, first_name: "Sara" };
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 1_700_000_000, chat: { id: 777, type: "private", first_name: "Sara" }, from, text, entities: [{ type: "bot_command", offset: 0, length: 5 }] },
  };
}

describe(`Telegram webhook bodies (${engineUnderTest})`, () => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let url: URL;
  const leadsNamed = (title: string) => app.database.prisma.lead.count({ where: { title } });
  const secretHeaders = { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET, "content-type": "application/json" };

  beforeAll(async () => {
    // Unpaced: replies leave through the outbox, and a fixed clock never reaches a chat's next turn.
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), outbox: unpacedOutbox });
    tg = await startTelegramEmulator({ limits: false, webhookRetryMs: 20 });
    door = await openTelegramDoor("webhook", app, tg);
    url = new URL(door.url!);
  });
  afterAll(async () => {
    await door?.close();
    await tg?.close();
    await app?.close();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = secretHeaders) =>
    fetch(url, { method: "POST", headers, body }).then((response) => response.status);

  it("stores a Persian name split inside one character across two TCP writes intact", async () => {
    const name = "شرکت آلفا";
    const body = Buffer.from(JSON.stringify(leadAddUpdate(name)));
    // The first write ends after the first byte of "ش" (two bytes in UTF-8).
    const cut = body.indexOf(Buffer.from("ش")) + 1;
    const status = await sendInTwoWrites(url, body, cut, secretHeaders);
    expect(status).toBe(200);
    await expect.poll(() => leadsNamed(name), { timeout: 10_000 }).toBe(1);
    expect(await app.database.prisma.lead.count({ where: { title: { contains: "\uFFFD" } } })).toBe(0);
  });

  it("refuses a body over 1 MB with 413, declared or streamed, and keeps serving", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    expect(await post(big)).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      // No content-length: chunked, so the limit is found while reading.
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${WEBHOOK_SECRET}\r\n\r\n`);
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        for (let i = 0; i < 8; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      socket.once("data", (data) => {
        resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data.toString())?.[1]));
        socket.destroy();
      });
      socket.on("error", reject);
    });
    expect(streamed).toBe(413);
    expect(await post(JSON.stringify(leadAddUpdate("After Big Ltd")))).toBe(200);
    await expect.poll(() => leadsNamed("After Big Ltd"), { timeout: 10_000 }).toBe(1);
  });

  it.each([
    ["JSON null", "null"],
    ["an object without update_id", "{}"],
    ["an update_id that is not a number", "{\"update_id\":\"1\"}"],
  ])("refuses a body that is %s with 400 when it carries the secret, 403 when not", async (_what, body) => {
    expect(await post(body)).toBe(400);
    expect(await post(body, { "content-type": "application/json" })).toBe(403);
    expect(await post(JSON.stringify(leadAddUpdate("Still Here Ltd")))).toBe(200);
  });
});
