import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import { buildApp, type App } from "../../../src/app.js";
import { createLogger } from "../../../src/log.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgMessage, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { openTelegramDoor, steppedOutbox } from "./telegram.support.js";

/**
 * Forms asked in Telegram chats, through the real door (telegraf, long polling) against the emulator and a
 * real database: typed questions as reply prompts aimed at the one who answers, answers taken from replies,
 * choices as buttons, a restart and the 10-minute lapse in the middle, Reject's reason, forwarded messages
 * captured as notes.
 */
describe(`forms in Telegram chats (${engineUnderTest})`, () => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let outbox: OutboxDispatcher;
  let anna: TgUser;
  let bob: TgUser;
  const clock = fixedClock("2026-11-25T09:00:00Z");

  /** The app's door and a test outbox dispatcher driven round by round (the clock is fixed, the emulator unpaced). */
  async function open(instance: App) {
    door = await openTelegramDoor("polling", instance, tg);
    outbox = await steppedOutbox(instance, clock, `forms-test-${Math.random()}`);
  }

  /** The update worked from the inbox and what it wrote to the outbox sent: what a user waits for. */
  async function settled<T extends { settled: Promise<void> }>(sent: T): Promise<T> {
    await sent.settled;
    await app.inbox.idle();
    await outbox.tick();
    return sent;
  }
  const last = (chat: TgChat) => tg.botMessages(chat).at(-1)!;
  const say = (chat: TgChat, from: TgUser, text: string) => settled(tg.userSays(chat, from, text));
  const replyTo = (chat: TgChat, from: TgUser, question: TgMessage, text: string) => settled(tg.userReplies(chat, from, question.message_id, text));
  /** Presses the button labelled `label` on the bot's message. */
  async function press(chat: TgChat, from: TgUser, message: TgMessage, label: string) {
    const button = message.reply_markup?.inline_keyboard.flat().find((candidate) => candidate.text === label);
    if (!button?.callback_data) throw new Error(`no button "${label}" on: ${message.text}`);
    await settled(tg.press(chat, from, message.message_id, button.callback_data));
  }
  const leadsNamed = (title: string) => app.database.prisma.lead.findMany({ where: { title }, select: { valueMinor: true, currency: true } });

  beforeAll(async () => {
    app = await testApp({ clock });
    tg = await startTelegramEmulator({ limits: false });
    await open(app);
    anna = tg.user({ first_name: "Anna", username: "anna" });
    bob = tg.user({ first_name: "Bob", username: "bob" });
  });
  afterAll(async () => {
    await door?.close();
    await app?.close();
    // Last: fails the suite if any call broke the Bot API's spec (a ForceReply's fields included).
    await tg?.close();
  });

  it("creates a lead from /lead add alone in a group in three answers, each question a reply prompt for the starter, ignoring someone else's reply", async () => {
    const team = tg.group("Sales");
    const command = await say(team, anna, "/lead add");
    const name = last(team);
    expect(name.text).toContain("New lead: 1 of 3");
    expect(name.text).toContain("Name? For example: Acme Corp");
    expect(name.text).toContain("/cancel");
    // It quotes the command, so `selective` shows the prompt to Anna alone.
    expect(name.reply_to_message?.message_id).toBe(command.update.message!.message_id);
    expect(tg.prompt(team, name.message_id)).toEqual({ placeholder: "Acme Corp", selective: true, shownTo: [anna.id] });
    expect(tg.callsOf("sendMessage").at(-1)!.params.reply_markup).toEqual({ force_reply: true, selective: true, input_field_placeholder: "Acme Corp" });

    const named = await replyTo(team, anna, name, "Acme Corp");
    const value = last(team);
    expect(value.text).toContain("Value? For example: 5000 USD");
    expect(value.reply_to_message?.message_id).toBe(named.update.message!.message_id);
    expect(tg.prompt(team, value.message_id)).toEqual({ placeholder: "5000 USD", selective: true, shownTo: [anna.id] });

    // Bob answers Anna's question: no answer, no record, and her form still waits for its value.
    const seen = tg.botMessages(team).length;
    await replyTo(team, bob, value, "1 USD");
    expect(tg.botMessages(team)).toHaveLength(seen);
    const session = await app.database.prisma.formSession.findFirstOrThrow({ where: { chatId: String(team.id) }, select: { values: true, step: true } });
    expect(session).toEqual({ values: { name: "Acme Corp" }, step: 1 });

    await replyTo(team, anna, value, "5000 USD");
    const reach = last(team);
    expect(reach.text).toContain("Email or phone?");
    // Typed moves are commands, sent as the reply to the prompt.
    await replyTo(team, anna, reach, "/skip");
    expect(last(team).text).toContain("Lead #1 created");
    expect(await leadsNamed("Acme Corp")).toEqual([{ valueMinor: 500000n, currency: "USD" }]);
    expect(await leadsNamed("1 USD")).toEqual([]);
    expect(await app.database.prisma.formSession.count({ where: { chatId: String(team.id) } })).toBe(0);
  });

  it("takes any message in a private chat as the answer, and says nothing to one with no form open", async () => {
    const dm = tg.privateChat(bob);
    const seen = tg.botMessages(dm).length;
    await say(dm, bob, "hello there");
    expect(tg.botMessages(dm)).toHaveLength(seen);

    await say(dm, bob, "/lead add");
    expect(tg.prompt(dm, last(dm).message_id)).toMatchObject({ selective: true, placeholder: "Acme Corp" });
    await say(dm, bob, "Initech");
    await say(dm, bob, "/skip");
    await say(dm, bob, "bob@initech.example");
    expect(last(dm).text).toContain("Lead #");
    expect(last(dm).text).toContain("bob@initech.example");
  });

  it("lets a form lapse 10 minutes after its last question", async () => {
    const dm = tg.privateChat(anna);
    await say(dm, anna, "/lead add");
    clock.advance({ minutes: 11 });
    await say(dm, anna, "Late Ltd");
    expect(last(dm).text).toBe("This form lapsed after 10 minutes without an answer. Start again with /lead add.");
    expect(await leadsNamed("Late Ltd")).toEqual([]);
  });

  it("asks the reason for a Reject with a reply prompt naming the presser, and the answer rejects the invoice", async () => {
    const finance = tg.group("Finance");
    await say(finance, anna, "/crm settings approvals-chat here");
    await say(finance, anna, "/crm settings approval 100 USD");
    await say(finance, bob, "/invoice new Globex ; Work 1 x 900 USD");
    await say(finance, bob, "/invoice submit 1");
    const request = tg.botMessages(finance).find((message) => message.reply_markup?.inline_keyboard.flat().some((button) => button.text === "Reject"))!;
    const before = request.text;

    await press(finance, anna, request, "Reject");
    const reason = last(finance);
    expect(reason.message_id).not.toBe(request.message_id);
    // No message of Anna's to quote: the question names her, so the prompt shows to her alone.
    expect(reason.text!.startsWith("@anna\n")).toBe(true);
    expect(reason.text).toContain("Reason?");
    expect(tg.prompt(finance, reason.message_id)).toMatchObject({ selective: true, shownTo: [anna.id] });
    // The request itself stays as it was until the reason comes.
    expect(tg.message(finance.id, request.message_id)!.text).toBe(before);

    await replyTo(finance, anna, reason, "The rate should be 800");
    const invoice = await app.database.prisma.invoice.findFirstOrThrow({ where: { customer: { name: "Globex" } }, select: { state: true } });
    expect(invoice.state).toBe("draft");
    expect(tg.botMessages(finance).map((message) => message.text ?? "").join("\n")).toContain("The rate should be 800");
    expect(tg.unansweredCallbackQueries()).toEqual([]);
  });

  it("makes two forwarded messages of a client one note on a lead chosen with a button", async () => {
    const dm = tg.privateChat(anna);
    await say(dm, anna, "/lead add Northwind");
    const sara = tg.user({ first_name: "Sara", last_name: "Client" });
    await settled(tg.userForwards(dm, anna, "Can you send the quote today?", sara));
    expect(last(dm).text).toContain("What is it?");
    await settled(tg.userForwards(dm, anna, "And the hosting price, please.", sara));
    const kind = last(dm);
    expect(kind.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toEqual(expect.arrayContaining(["New lead", "Note on a lead", "Task"]));

    await press(dm, anna, kind, "Note on a lead");
    const which = last(dm);
    expect(which.text).toContain("Which lead?");
    const northwind = which.reply_markup!.inline_keyboard.flat().find((button) => button.text.endsWith("Northwind"))!;
    await press(dm, anna, which, northwind.text);
    expect(last(dm).text).toMatch(/Note added to lead #\d+/);

    const notes = await app.database.prisma.note.findMany({ where: { lead: { title: "Northwind" } }, select: { body: true } });
    expect(notes).toEqual([{ body: "Sara Client: Can you send the quote today?\n\nSara Client: And the hosting price, please." }]);
  });

  it("captures a forward from someone who hides their account under the name they forward with", async () => {
    const dm = tg.privateChat(bob);
    await settled(tg.userForwards(dm, bob, "Please call me back", "Mystery Buyer"));
    await press(dm, bob, last(dm), "Task");
    expect(last(dm).text).toContain("Task #");
    const task = await app.database.prisma.task.findFirstOrThrow({ where: { title: { contains: "Please call me back" } }, select: { title: true } });
    expect(task.title).toBe("Mystery Buyer: Please call me back");
  });

  it("answers /start with the home menu, whose New lead button starts the lead form for the presser", async () => {
    const dm = tg.privateChat(anna);
    await say(dm, anna, "/start");
    const menu = last(dm);
    expect(menu.text).toContain("What would you like to do?");
    expect(menu.text).toContain("/crm help");
    const labels = menu.reply_markup!.inline_keyboard.flat().map((button) => button.text);
    expect(labels).toEqual(["New lead", "Leads", "New task", "My tasks", "New invoice", "Invoices"]);

    await press(dm, anna, menu, "New lead");
    const name = last(dm);
    expect(name.message_id).not.toBe(menu.message_id);
    expect(name.text).toContain("New lead: 1 of 3");
    expect(tg.prompt(dm, name.message_id)).toMatchObject({ placeholder: "Acme Corp" });
    await say(dm, anna, "Menu Made Ltd");
    await say(dm, anna, "/cancel");
    expect(last(dm).text).toContain("Cancelled");

    // The list buttons give what the typed commands give.
    await press(dm, anna, menu, "Leads");
    const listed = last(dm).text;
    await say(dm, anna, "/lead list");
    expect(last(dm).text).toBe(listed);
  });

  it("shows the menu for a bare /lead in a group, and its New lead button asks the presser by name", async () => {
    const team = tg.group("Menu team");
    await say(team, bob, "/lead");
    const menu = last(team);
    expect(menu.reply_markup!.inline_keyboard.flat().map((button) => button.text)).toContain("New lead");
    await press(team, anna, menu, "New lead");
    const name = last(team);
    expect(name.text!.startsWith("@anna\n")).toBe(true);
    expect(tg.prompt(team, name.message_id)).toEqual({ placeholder: "Acme Corp", selective: true, shownTo: [anna.id] });
    await replyTo(team, anna, name, "Group Menu Co");
    expect(last(team).text).toContain("Value?");
    // The help texts are one command away.
    await say(team, bob, "/crm help lead");
    expect(last(team).text).toContain("Commands for /lead");
  });

  it("continues a form after a restart: a new app instance on the same database takes the next answer", async () => {
    const carol = tg.user({ first_name: "Carol", username: "carol" });
    const dm = tg.privateChat(carol);
    await say(dm, carol, "/lead add");
    await say(dm, carol, "Restart Ltd");
    expect(last(dm).text).toContain("Value?");

    // The process stops (as on SIGTERM: its outbox lease is given back); the database stays.
    await door.close();
    await outbox.stop();
    await app.inbox.stop();
    await app.outbox.stop();
    const log = createLogger("silent");
    app = await buildApp(app.config, { database: app.database, clock, log });
    await app.inbox.start();
    await open(app);

    await say(dm, carol, "700 EUR");
    expect(last(dm).text).toContain("Email or phone?");
    await say(dm, carol, "/skip");
    expect(last(dm).text).toContain("Lead #");
    expect(await leadsNamed("Restart Ltd")).toEqual([{ valueMinor: 70000n, currency: "EUR" }]);
  });
});
