import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaInbox } from "../../../src/adapters/prisma/inbox.prisma-repo.js";
import type { App } from "../../../src/app.js";
import { button, defineAction } from "../../../src/bots/commands/actions.js";
import { createDispatcher } from "../../../src/bots/commands/dispatch.js";
import { createRegistry, defineCommand, noArgs } from "../../../src/bots/commands/registry.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { repliesSent, unpacedOutbox } from "../../support/inbox.js";
import { openTelegramDoor, WEBHOOK_SECRET, type Transport } from "./telegram.support.js";

// A test-only command with two buttons: one edits the message, one is refused with an alert.
const pingCommand = defineCommand({
  name: "test ping",
  usage: "/test ping",
  example: "/test ping",
  summary: "cmd.help",
  args: noArgs,
  async run(_input, ctx) {
    return {
      lines: ["Ready?"],
      actions: [button(ctx, "test.ping", "42", "Ping"), button(ctx, "test.refuse", "42", "Refuse")],
      tone: "info",
    };
  },
});
const fileCommand = defineCommand({
  name: "test file",
  usage: "/test file",
  example: "/test file",
  summary: "cmd.help",
  args: noArgs,
  async run() {
    return { lines: ["Here is the file."], attachments: [{ filename: "INV-2026-0001.pdf", mimeType: "application/pdf", bytes: new TextEncoder().encode("%PDF-1.7") }] };
  },
});
const pingAction = defineAction({
  name: "test.ping",
  async run(recordId, ctx) {
    return { kind: "edit", reply: { lines: [`Pinged ${recordId} by @${ctx.actor.member.handle}`], tone: "ok" }, notice: "Pinged" };
  },
});
const refuseAction = defineAction({
  name: "test.refuse",
  async run() {
    return { kind: "alert", text: "You can't do that here." };
  },
});

describe.each<Transport>(["polling", "webhook"])(`Telegram door over %s (${engineUnderTest})`, (transport) => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let anna: TgUser;
  let dm: TgChat;
  const registry = () => createRegistry([...app.registry.all, pingCommand, fileCommand]);

  const lastText = (chat: TgChat) => tg.botMessages(chat).at(-1)?.text ?? "";
  async function say(chat: TgChat, from: TgUser, text: string, options?: Parameters<TelegramEmulator["userSays"]>[3]) {
    const sent = tg.userSays(chat, from, text, options);
    await sent.settled;
    await repliesSent(app);
    return sent;
  }
  const leadsNamed = (title: string) => app.database.prisma.lead.count({ where: { title } });

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), outbox: unpacedOutbox });
    tg = await startTelegramEmulator({ limits: false, webhookRetryMs: 20 });
    const commands = registry();
    const dispatcher = createDispatcher({
      registry: commands,
      actions: [pingAction, refuseAction],
      members: app.members,
      inbox: prismaInbox(app.database),
      services: { ...app.services, registry: commands },
      defaults: { timezone: "UTC", locale: "en", currency: "USD" },
      log: app.log,
    });
    door = await openTelegramDoor(transport, app, tg, { dispatcher, registry: commands });
    anna = tg.user({ first_name: "Anna", last_name: "Petrosyan", username: "anna" });
    dm = tg.privateChat(anna);
  });
  afterAll(async () => {
    await door?.close();
    await tg?.close();
    await app?.close();
  });

  it("publishes the registry's commands and /help with setMyCommands at start", () => {
    const menu = tg.commands.get("default/") ?? [];
    expect(menu.map((entry) => entry.command)).toEqual([...registry().tops(), "help"]);
    expect(menu.find((entry) => entry.command === "lead")?.description).toContain("add, list, show");
  });

  it("adds a lead and lists it with its formatted value, as HTML the parser accepts", async () => {
    await say(dm, anna, "/lead add Acme Corp 5000 USD");
    const created = tg.botMessages(dm).at(-1)!;
    expect(created.text).toContain("Lead #1 created");
    expect(created.text).toContain("Value: 5,000.00 USD");
    // The title is bold, the field label too: structure is markup, text is text.
    expect(created.entities?.[0]).toMatchObject({ type: "bold", offset: 0, length: "Lead #1 created".length });

    await say(dm, anna, "/lead list");
    expect(lastText(dm)).toContain("#1 Acme Corp · 5,000.00 USD · new · @anna");
    expect(tg.callsOf("sendMessage").every((call) => call.ok)).toBe(true);
  });

  it("cleans a lone surrogate and a NUL out of a message at the door, keeping the rest", async () => {
    await say(dm, anna, "/lead add Half\uD83D Moon\u0000 Ltd 10 USD");
    expect(lastText(dm)).toContain("Name: Half Moon Ltd");
    expect(await leadsNamed("Half Moon Ltd")).toBe(1);
  });

  it("answers /start with the home menu, and /help and /crm help with the command list", async () => {
    // The list is longer than one Telegram message (4096 characters of HTML), so it comes in two, split
    // between lines.
    const answer = async (text: string) => {
      const before = tg.botMessages(dm).length;
      await say(dm, anna, text);
      return tg.botMessages(dm).slice(before).map((message) => message.text ?? "");
    };
    const started = await answer("/start");
    expect(started).toHaveLength(1);
    expect(started[0]).toContain("What would you like to do?");
    expect(tg.botMessages(dm).at(-1)!.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toContain("New lead");
    const help = await answer("/crm help");
    expect(help.length).toBeLessThanOrEqual(2);
    expect(help[0]).toContain("Threadline commands");
    expect(help.join("\n")).toContain("/crm workspace");
    expect((await answer("/help")).join("\n")).toContain("/lead add <name>");
  });

  it("shows a lead name full of markup as the characters typed", async () => {
    await say(dm, anna, "/lead add <b>x</b> & <a href=1> 10 USD");
    expect(lastText(dm)).toContain("Name: <b>x</b> & <a href=1>");
    expect(tg.callsOf("sendMessage").filter((call) => !call.ok)).toEqual([]);
    expect(await leadsNamed("<b>x</b> & <a href=1>")).toBe(1);
  });

  it("answers /lead@<botname> in a group, quoting the command, and ignores /lead@other_bot", async () => {
    const team = tg.group("Sales team");
    const asked = await say(team, anna, `/lead@${tg.me.username} list`);
    const answer = tg.botMessages(team).at(-1)!;
    expect(answer.text).toContain("Open leads");
    expect(answer.reply_to_message?.message_id).toBe(asked.update.message!.message_id);

    const before = tg.botMessages(team).length;
    await say(team, anna, "/lead@other_bot list");
    expect(tg.botMessages(team)).toHaveLength(before);
  });

  it("creates one lead when the same update is delivered twice", async () => {
    const first = await say(dm, anna, "/lead add Twice Ltd 700 EUR");
    await tg.redeliver(first.update).settled;
    await repliesSent(app);
    expect(await leadsNamed("Twice Ltd")).toBe(1);
    // The repeat is answered with the first answer, not a second lead number.
    expect(tg.botMessages(dm).at(-1)!.text).toBe(tg.botMessages(dm).at(-2)!.text);
  });

  it("posts a reply's file with sendDocument, once even when the update comes again", async () => {
    const asked = await say(dm, anna, "/test file");
    await tg.redeliver(asked.update).settled;
    await repliesSent(app);
    const documents = tg.botMessages(dm).filter((message) => message.document);
    expect(documents).toHaveLength(1);
    expect(documents[0]!.document!.file_name).toBe("INV-2026-0001.pdf");
    expect(tg.files.get(documents[0]!.document!.file_id)?.bytes.toString()).toBe("%PDF-1.7");
  });

  it("turns a text mention of a member without a username into their @handle", async () => {
    // Anna already belongs to her private chat's workspace, so this group gets people of its own.
    const team = tg.group("Mentions");
    const bob = tg.user({ first_name: "Bob", last_name: "Builder" });
    const carla = tg.user({ first_name: "Carla" });
    await say(team, bob, "/lead list");
    await say(team, carla, "/lead add Mention Co 10 USD");
    // An emoji before the mention moves it by two UTF-16 units; the door must cut at the right place.
    await say(team, carla, "/lead note 1 🎉 ask Bob Builder", { textMentions: [{ text: "Bob Builder", user: bob }] });
    await say(team, carla, "/lead assign 1 Bob Builder", { textMentions: [{ text: "Bob Builder", user: bob }] });
    expect(lastText(team)).toContain("Lead #1 is now owned by @bob.builder");
    await say(team, carla, "/lead show 1");
    expect(lastText(team)).toContain("Carla: 🎉 ask @bob.builder");
  });

  it("edits the message a button was on and answers the press", async () => {
    await say(dm, anna, "/test ping");
    const asked = tg.botMessages(dm).at(-1)!;
    const [ping] = asked.reply_markup!.inline_keyboard.flat();
    const press = tg.press(dm, anna, asked.message_id, ping!.callback_data!);
    await press.settled;
    await repliesSent(app);

    const edited = tg.message(dm.id, asked.message_id)!;
    expect(edited.text).toBe("Pinged 42 by @anna");
    expect(edited.reply_markup).toBeUndefined();
    const answer = tg.callbackAnswer(press.update.callback_query!.id);
    expect(answer).toMatchObject({ text: "Pinged" });
    expect(tg.unansweredCallbackQueries()).toEqual([]);
    // The webhook's 200 went out once the press was recorded, before the work: the answer, which says how
    // the press went, follows as an API call once the work is committed.
    expect(tg.callsOf("answerCallbackQuery").at(-1)?.via).toBe("http");
  });

  it("answers a refused press with an alert and leaves the message as it was", async () => {
    await say(dm, anna, "/test ping");
    const asked = tg.botMessages(dm).at(-1)!;
    const refuse = asked.reply_markup!.inline_keyboard.flat()[1]!;
    const press = tg.press(dm, anna, asked.message_id, refuse.callback_data!);
    await press.settled;
    await repliesSent(app);

    expect(tg.callbackAnswer(press.update.callback_query!.id)).toMatchObject({ text: "You can't do that here.", show_alert: true });
    expect(tg.message(dm.id, asked.message_id)).toEqual(asked);
  });

  it("answers a press whose payload was tampered with, without running anything", async () => {
    await say(dm, anna, "/test ping");
    const asked = tg.botMessages(dm).at(-1)!;
    // A forged payload: the emulator only lets users press real buttons, so put it on the message first.
    asked.reply_markup = { inline_keyboard: [[{ text: "Forged", callback_data: "test.ping:43:AAAAAAAAAA" }]] };
    const press = tg.press(dm, anna, asked.message_id, "test.ping:43:AAAAAAAAAA");
    await press.settled;
    await repliesSent(app);
    expect(tg.callbackAnswer(press.update.callback_query!.id)).toMatchObject({ show_alert: true, text: expect.stringContaining("no longer valid") });
  });

  if (transport === "webhook") {
    it("refuses webhook posts without the secret or with a wrong one, writing nothing", async () => {
      const rows = async () => ({ leads: await app.database.prisma.lead.count(), deliveries: await app.database.prisma.inboundDelivery.count() });
      const before = await rows();
      const update = JSON.stringify({
        update_id: 999_001,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: anna.id, type: "private", first_name: "Anna" },
          from: anna,
          text: "/lead add Forged 1 USD",
          entities: [{ type: "bot_command", offset: 0, length: 5 }],
        },
      });
      const post = (headers: Record<string, string>) =>
        fetch(door.url!, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: update });

      expect((await post({})).status).toBe(403);
      expect((await post({ "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(403);
      expect(await rows()).toEqual(before);
    });

    it("refuses a body that is not JSON, writing nothing", async () => {
      const before = await app.database.prisma.inboundDelivery.count();
      const response = await fetch(door.url!, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
        body: '{"update_id": 5, "message": {"text": "/lead add Broken',
      });
      expect(response.status).toBe(415);
      expect(await app.database.prisma.inboundDelivery.count()).toBe(before);
    });

    it("registered the webhook with its secret at start", () => {
      const set = tg.callsOf("setWebhook").at(-1)!;
      expect(set.params).toMatchObject({ url: door.url, secret_token: WEBHOOK_SECRET });
    });
  }

  if (transport === "polling") {
    it("stops polling on stop(); what arrives meanwhile is handled after the next start", async () => {
      await door.close();
      const waiting = tg.userSays(dm, anna, "/lead add After Restart 1 USD");
      expect(await leadsNamed("After Restart")).toBe(0);
      door = await openTelegramDoor(transport, app, tg);
      await waiting.settled;
      await repliesSent(app);
      expect(await leadsNamed("After Restart")).toBe(1);
    });
  }
});
