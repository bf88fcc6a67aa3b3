import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackEmulator, type SlackEmulator } from "../emulators/slack-emulator.js";
import { startTelegramEmulator, type TelegramEmulator, type TgButton, type TgChat, type TgMessage, type TgUser } from "../emulators/telegram-emulator.js";
import { freePort, spawnMain, within, type RunningMain } from "../support/run-main.js";

// Task reminders from `npm start` as a real process, read back from the platform emulators running in this test
// process. The example is "due in 90 seconds"; these use a few seconds so the file runs in well under a
// minute. Waits are for events, with generous limits; no assertion is about how long anything took.

/** After a reminder arrives, the outbox gets this long (many 500 ms rounds) to show a duplicate if it would send one. */
const SETTLE_MS = 2_000;

/** pino lines at error (50) or fatal (60). */
const errorLogs = (stderr: string) => stderr.split("\n").filter((line) => /"level":(5|6)0/.test(line));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fails with the process's log as soon as it exits: raced against a wait, it turns a crash into a clear failure. */
function failOnExit(app: RunningMain): Promise<never> {
  return app.exited.then((exit) => Promise.reject(new Error(`the app exited ${JSON.stringify(exit)}: ${app.stderr()}`)));
}

describe("task reminders on Telegram, from npm start", () => {
  const dir = mkdtempSync(join(tmpdir(), "threadline-reminders-tg-"));
  const env = () => ({ DATABASE_URL: `pglite:${join(dir, "db")}`, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, LOG_LEVEL: "warn" });
  let tg: TelegramEmulator;
  let app: RunningMain;
  let anna: TgUser;
  let chat: TgChat;

  /** Starts the app and resolves once its Telegram door polls (the deleteWebhook right before the first long poll). */
  async function start(): Promise<RunningMain> {
    const seen = tg.callsOf("deleteWebhook").length;
    const started = spawnMain(env());
    const polling = tg.waitFor("deleteWebhook", () => tg.callsOf("deleteWebhook").length > seen);
    await within(Promise.race([polling, failOnExit(started)]), 60_000, "the app to start polling");
    return started;
  }

  /** Anna's message; resolves with the bot's next message in her chat. */
  async function annaSays(text: string): Promise<TgMessage> {
    const before = tg.botMessages(chat).length;
    tg.userSays(chat, anna, text);
    await within(tg.waitFor("sendMessage", () => tg.botMessages(chat).length > before), 15_000, `the answer to ${JSON.stringify(text)}`);
    return tg.botMessages(chat)[before]!;
  }

  /** The reminders for task #n that reached Anna's chat, and every sendMessage the bot made for one. */
  const remindersOf = (n: number) => tg.botMessages(chat).filter((message) => message.text?.startsWith(`Reminder: task #${n}\n`));
  const reminderSends = (n: number) => tg.callsOf("sendMessage").filter((call) => call.ok && String(call.params.text).includes(`Reminder: task #${n}`));

  async function reminderArrives(n: number, limitMs: number): Promise<TgMessage> {
    await within(Promise.race([tg.waitFor("sendMessage", () => remindersOf(n).length > 0), failOnExit(app)]), limitMs, `the reminder for task #${n}`);
    return remindersOf(n)[0]!;
  }

  beforeAll(async () => {
    tg = await startTelegramEmulator();
    anna = tg.user({ first_name: "Anna", username: "anna" });
    chat = tg.privateChat(anna);
    app = await start();
  });
  afterAll(async () => {
    await app?.stop("SIGKILL");
    await tg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends Anna one reminder in her private chat at the due time, with Done / Snooze 1h / Tomorrow", async () => {
    // Anna's first message makes her a member, so @anna names her.
    expect((await annaSays("/task list")).text).toContain("Nothing here");
    const created = await annaSays("/task add Call Acme @anna due in 5 seconds");
    expect(created.text).toContain("Task #1 created");
    expect(remindersOf(1)).toEqual([]);

    const reminder = await reminderArrives(1, 20_000);
    expect(reminder.chat.id).toBe(anna.id);
    expect(reminder.text).toContain("Call Acme");
    expect(reminder.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toEqual(["Done", "Snooze 1h", "Tomorrow"]);

    await sleep(SETTLE_MS);
    expect(remindersOf(1)).toHaveLength(1);
    expect(reminderSends(1)).toHaveLength(1);
  });

  it("Done on the reminder edits it to say who did it, and /task list no longer shows the task", async () => {
    const [reminder] = remindersOf(1);
    const done = reminder!.reply_markup!.inline_keyboard.flat().find((button: TgButton) => button.text === "Done")!;
    tg.press(chat, anna, reminder!.message_id, done.callback_data!);
    await within(
      tg.waitFor("answerCallbackQuery", () => tg.callsOf("editMessageText").some((call) => Number(call.params.message_id) === reminder!.message_id)),
      15_000,
      "the reminder to be edited and the press answered",
    );
    const edited = tg.message(chat.id, reminder!.message_id)!;
    expect(edited.text).toContain("Reminder: task #1");
    expect(edited.text).toMatch(/Done by Anna at /);
    expect(edited.reply_markup).toBeUndefined();
    expect(tg.unansweredCallbackQueries()).toEqual([]);

    const list = (await annaSays("/task list")).text ?? "";
    expect(list).not.toContain("#1 Call Acme");
    expect(list).toContain("Nothing here");
  });

  it("delivers a reminder exactly once when the app is killed (SIGKILL) before it is due and started again", async () => {
    const created = await annaSays("/task add Send the quote @anna due in 8 seconds");
    expect(created.text).toContain("Task #2 created");
    const dueBy = Date.now() + 8_000;

    const killed = app.pid;
    expect(await app.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    // The lock socket's file is still beside the data directory, but nobody listens on it any more (the kernel
    // closed it with the process): stale, and the next start takes it over.
    const lock = join(dir, "db.lock");
    expect(statSync(lock).isSocket()).toBe(true);
    expect(isAlive(killed)).toBe(false);

    app = await start();
    expect(statSync(lock).isSocket()).toBe(true);
    expect(remindersOf(2)).toEqual([]);

    // The restarted process sends once the killed one's outbox leader lease has run out (it renews a 15 s
    // lease and could not give it up), so this reminder may come some seconds after its due time.
    const reminder = await reminderArrives(2, 30_000);
    expect(reminder.text).toContain("Send the quote");
    // Well past the due time (and a few outbox rounds past the arrival), still one.
    await sleep(Math.max(SETTLE_MS, dueBy + 6_000 - Date.now()));
    expect(remindersOf(2)).toHaveLength(1);
    expect(reminderSends(2)).toHaveLength(1);

    // One task #2, whether or not the killed process had confirmed the update that created it.
    const all = (await annaSays("/task list all")).text ?? "";
    expect(all.match(/#2 Send the quote/g)).toHaveLength(1);
    expect(all).not.toContain("#3");
  });

  it("stops on SIGTERM with exit code 0 and no error logged", async () => {
    expect(await app.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(errorLogs(app.stderr())).toEqual([]);
  });
});

describe("task reminders on Slack, from npm start", () => {
  const dir = mkdtempSync(join(tmpdir(), "threadline-reminders-slack-"));
  const anna = { id: "U0ANNA", name: "anna" };
  /** The bot's DM with Anna, where a post to her user id lands. */
  const DM = "D0ANNA";
  let slack: SlackEmulator;
  let app: RunningMain;
  let target = "";

  const visible = (body: { text?: string; blocks?: unknown[] }) => `${JSON.stringify(body.blocks ?? [])}\n${body.text ?? ""}`;
  const reminderPosts = (n: number) =>
    slack.callsTo("chat.postMessage").filter((call) => visible(call.args).includes(`Reminder: task #${n}`));

  async function slash(command: string, text: string) {
    const sent = await slack.sendCommand(target, { command, text, user: anna });
    expect(sent.status).toBe(200);
    return visible((await slack.nextResponse(sent.seq, sent.responseUrl)).body);
  }

  beforeAll(async () => {
    slack = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
    const port = await freePort();
    target = `http://127.0.0.1:${port}/slack/events`;
    app = spawnMain({
      DATABASE_URL: `pglite:${join(dir, "db")}`,
      PORT: String(port),
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: "warn",
    });
    // The door checks its token once the HTTP server listens.
    await within(Promise.race([slack.waitFor(() => slack.callsTo("auth.test").length > 0, "auth.test", 60_000), failOnExit(app)]), 60_000, "the app to start");
  });
  afterAll(async () => {
    await app?.stop("SIGKILL");
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("posts Anna one reminder in her DM at the due time, and Done replaces it with who did it", async () => {
    expect(await slash("/task", "list")).toContain("Nothing here");
    expect(await slash("/task", "add Call Acme @anna due in 5 seconds")).toContain("Task #1 created");
    expect(reminderPosts(1)).toEqual([]);

    const stored = await slack.waitFor(() => slack.messages(DM)[0], "the reminder for task #1 in Anna's DM", 20_000);
    expect(reminderPosts(1).map((call) => call.args.channel)).toEqual([anna.id]);
    expect(visible(stored)).toContain("Reminder: task #1");
    expect(visible(stored)).toContain("Call Acme");
    const buttons = stored!.blocks!.flatMap((block: { type: string; elements?: any[] }) => (block.type === "actions" ? block.elements! : []));
    expect(buttons.map((button: { text: { text: string } }) => button.text.text)).toEqual(["Done", "Snooze 1h", "Tomorrow"]);

    await sleep(SETTLE_MS);
    expect(reminderPosts(1)).toHaveLength(1);
    expect(slack.messages(DM)).toHaveLength(1);

    // Slack sends back the pressed button's action_id and value, and the message it was on.
    const done = buttons.find((button: { text: { text: string } }) => button.text.text === "Done");
    const press = slack.buttonPayload({
      value: done.value,
      actionId: done.action_id,
      user: anna,
      channel: { id: DM, name: "directmessage" },
      message: { ts: stored!.ts, text: stored!.text ?? "", blocks: stored!.blocks ?? [] },
    });
    const sent = await slack.sendInteraction(target, press);
    expect(sent.status).toBe(200);
    const edited = await slack.nextResponse(sent.seq, sent.responseUrl);
    expect(edited.body.replace_original).toBe(true);
    expect(visible(edited.body)).toContain("Reminder: task #1");
    expect(visible(edited.body)).toMatch(/Done by anna at /);
    expect(visible(edited.body)).not.toContain('"actions"');

    const list = await slash("/task", "list");
    expect(list).not.toContain("#1 Call Acme");
    expect(list).toContain("Nothing here");
  });

  it("stops on SIGTERM with exit code 0 and no error logged", async () => {
    expect(await app.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(errorLogs(app.stderr())).toEqual([]);
  });
});
