import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/prisma/client.js";
import { startSlackEmulator, type SlackEmulator } from "../emulators/slack-emulator.js";
import { startTelegramEmulator, type TelegramEmulator } from "../emulators/telegram-emulator.js";
import { testDatabase } from "../support/db.js";
import { doorsEnv, freePort, spawnMain, within, type RunningMain } from "../support/run-main.js";

// Two `npm start` processes on one PostgreSQL database, as INBOX_ROLE splits them: an intake instance that
// serves Slack and the Telegram webhook, and a work instance with the same settings that receives nothing
// and does the work and the answers. Everything is read back from the emulators and the database.

const anna = { id: "U0ANNA", name: "anna" };
const SECRET = "e2e_roles-secret";

describe.skipIf(!process.env.TEST_DATABASE_URL)("an intake instance and a work instance, as npm start runs them (postgres)", () => {
  let db: Database & { url: string };
  let slack: SlackEmulator;
  let tg: TelegramEmulator;
  let intake: RunningMain;
  let work: RunningMain;
  let port: number;

  beforeAll(async () => {
    db = await testDatabase();
    slack = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
    tg = await startTelegramEmulator();
    port = await freePort();
    const env = {
      DATABASE_URL: db.url,
      ...doorsEnv(slack, tg),
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: "info",
    };
    intake = spawnMain({ ...env, PORT: String(port), INBOX_ROLE: "intake" });
    work = spawnMain({ ...env, PORT: String(await freePort()), INBOX_ROLE: "work" });
    await Promise.all([intake.started(), work.started()]);
  });

  afterAll(async () => {
    await intake?.stop("SIGKILL");
    await work?.stop("SIGKILL");
    await slack?.close();
    await tg?.close();
    await db?.close();
  });

  it("answers Slack and Telegram commands through the work instance, while only the intake receives", async () => {
    const sent = await slack.sendCommand(`http://127.0.0.1:${port}/slack/events`, { command: "/lead", text: "add Harbor Studio 1200 USD", user: anna });
    expect(sent.status).toBe(200);
    const response = await within(slack.nextResponse(sent.seq, sent.responseUrl), 20_000, "the Slack answer");
    expect(JSON.stringify(response.body)).toContain("Harbor Studio");

    const sara = tg.user({ first_name: "Sara" });
    const chat = tg.privateChat(sara);
    tg.userSays(chat, sara, "/lead add Alborz Tiles 900 USD");
    await within(tg.waitFor("sendMessage", () => tg.botMessages(chat).length > 0), 20_000, "the Telegram answer");
    expect(tg.botMessages(chat)[0]!.text).toContain("Alborz Tiles");

    // Only the intake started a door: one getMe, one setWebhook, no long polling.
    expect(tg.callsOf("getMe")).toHaveLength(1);
    expect(tg.callsOf("setWebhook")).toHaveLength(1);
    expect(tg.callsOf("getUpdates")).toHaveLength(0);
    // The work instance took both entries: its claims carry its pid.
    const rows = await db.sql.query<{ key: string; state: string; claimedBy: string | null }>(`SELECT key, state, "claimedBy" FROM "InboundDelivery" ORDER BY key`);
    expect(rows.map((row) => row.key.split(":")[0])).toEqual(["slack", "telegram"]);
    expect(rows.every((row) => row.claimedBy?.includes(`:${work.pid}:`))).toBe(true);
    // The intake's log says what it is; the work instance dispatches the outbox.
    expect(intake.stderr()).toContain('"inbox":"intake"');
    expect(work.stderr()).toContain("this instance now dispatches the outbox");
    expect(intake.stderr()).not.toContain("this instance now dispatches the outbox");
  });
});
