import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator, type TgUpdate } from "../../emulators/telegram-emulator.js";

/**
 * The emulator's own rules, checked over HTTP as a client sees them: if it were lenient, the door tests
 * would pass against a Telegram that does not exist.
 */
describe("Telegram Bot API emulator", () => {
  let tg: TelegramEmulator;
  let hook: Server | null = null;
  afterEach(async () => {
    await tg?.close();
    if (hook) {
      hook.closeAllConnections();
      await new Promise((resolve) => hook!.close(resolve));
      hook = null;
    }
  });

  const api = async (method: string, params: Record<string, unknown> = {}) => {
    const response = await fetch(`${tg.apiRoot}/bot${tg.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    });
    return { status: response.status, body: (await response.json()) as { ok: boolean; result?: any; description?: string; parameters?: { retry_after: number } } };
  };

  it("answers an unknown token with 401 and an unknown method with 404, as JSON envelopes", async () => {
    tg = await startTelegramEmulator();
    const wrong = await fetch(`${tg.apiRoot}/bot1:nope/getMe`, { method: "POST" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect((await api("getMee")).status).toBe(404);
    // Called on purpose here: recorded as a call the Bot API would refuse, then cleared so close() passes.
    expect(tg.specViolations).toEqual(["getmee: no such Bot API method"]);
    tg.specViolations.length = 0;
    expect((await api("GETME")).body.result.username).toBe(tg.me.username);
  });

  it("refuses HTML with unsupported tags or a bare < or &, and accepts it escaped", async () => {
    tg = await startTelegramEmulator({ limits: false });
    const chat = tg.privateChat(tg.user({ first_name: "Anna" }));
    for (const text of ["<div>x</div>", "a < b", "Tom & Jerry", "<b>open", "<b><i>x</b></i>", '<a href="x" onclick="y">x</a>']) {
      const { status, body } = await api("sendMessage", { chat_id: chat.id, text, parse_mode: "HTML" });
      expect(status, text).toBe(400);
      expect(body.description, text).toMatch(/^Bad Request: can't parse entities/);
    }
    const ok = await api("sendMessage", { chat_id: chat.id, text: "<b>a &lt; b</b> &amp; <a href=\"https://x.example/?a=1&amp;b=2\">link</a> &#127881;", parse_mode: "HTML" });
    expect(ok.body.result.text).toBe("a < b & link 🎉");
    expect(ok.body.result.entities).toEqual([
      { type: "bold", offset: 0, length: 5 },
      { type: "text_link", offset: 8, length: 4, url: "https://x.example/?a=1&b=2" },
    ]);
  });

  it("counts the 4096-character limit after entity parsing", async () => {
    tg = await startTelegramEmulator({ limits: false });
    const chat = tg.privateChat(tg.user({ first_name: "Anna" }));
    expect((await api("sendMessage", { chat_id: chat.id, text: `<b>${"a".repeat(4096)}</b>`, parse_mode: "HTML" })).status).toBe(200);
    const tooLong = await api("sendMessage", { chat_id: chat.id, text: "a".repeat(4097) });
    expect(tooLong).toMatchObject({ status: 400, body: { description: "Bad Request: message is too long" } });
  });

  it("refuses callback_data over 64 bytes and rows over 8 buttons", async () => {
    tg = await startTelegramEmulator({ limits: false });
    const chat = tg.privateChat(tg.user({ first_name: "Anna" }));
    const keyboard = (row: Array<{ text: string; callback_data: string }>) => ({ chat_id: chat.id, text: "x", reply_markup: { inline_keyboard: [row] } });
    expect((await api("sendMessage", keyboard([{ text: "b", callback_data: "é".repeat(33) }]))).body.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const nine = Array.from({ length: 9 }, (_, i) => ({ text: `b${i}`, callback_data: `d${i}` }));
    expect((await api("sendMessage", keyboard(nine))).status).toBe(400);
  });

  it("checks a reply prompt's fields against the spec's ForceReply, and shows a selective one to the mentioned and the quoted only", async () => {
    tg = await startTelegramEmulator({ limits: false });
    const anna = tg.user({ first_name: "Anna", username: "anna_k" });
    const bob = tg.user({ first_name: "Bob" });
    const carol = tg.user({ first_name: "Carol" });
    const team = tg.group("Team");
    const bad = [
      [{ force_reply: true, input_field_placeholder: "x".repeat(65) }, "input_field_placeholder is 65 characters; the Bot API takes 1-64"],
      [{ force_reply: true, input_field_placeholder: "" }, "input_field_placeholder is 0 characters; the Bot API takes 1-64"],
      [{ force_reply: false }, "force_reply must be True"],
      [{ force_reply: true, selective: "yes" }, "selective should be Boolean"],
      [{ force_reply: true, placeholder: "typo" }, "ForceReply has no field placeholder"],
    ] as const;
    for (const [markup, problem] of bad) {
      const { status, body } = await api("sendMessage", { chat_id: team.id, text: "Name?", reply_markup: markup });
      expect(status, problem).toBe(400);
      expect(body.description, problem).toContain(problem);
    }
    expect(tg.specViolations).toHaveLength(bad.length);
    tg.specViolations.length = 0;

    const asked = tg.userSays(team, bob, "/lead add").update.message!;
    const quoted = await api("sendMessage", {
      chat_id: team.id,
      text: "Name?",
      reply_parameters: { message_id: asked.message_id },
      reply_markup: { force_reply: true, selective: true, input_field_placeholder: "x".repeat(64) },
    });
    expect(quoted.status).toBe(200);
    expect(quoted.body.result.reply_markup).toBeUndefined();
    expect(tg.prompt(team, quoted.body.result.message_id)).toEqual({ placeholder: "x".repeat(64), selective: true, shownTo: [bob.id] });
    const named = await api("sendMessage", {
      chat_id: team.id,
      text: `@anna_k and <a href="tg://user?id=${carol.id}">Carol</a>: reason?`,
      parse_mode: "HTML",
      reply_markup: { force_reply: true, selective: true },
    });
    expect(named.body.result.entities).toEqual([{ type: "text_mention", offset: 12, length: 5, user: carol }]);
    expect(tg.prompt(team, named.body.result.message_id)).toEqual({ selective: true, shownTo: [anna.id, carol.id] });
    const everyone = await api("sendMessage", { chat_id: team.id, text: "Anyone?", reply_markup: { force_reply: true } });
    expect(tg.prompt(team, everyone.body.result.message_id)).toEqual({ selective: false, shownTo: null });
  });

  it("sends replies to the bot's messages and forwarded messages as Telegram does", async () => {
    tg = await startTelegramEmulator({ limits: false });
    const anna = tg.user({ first_name: "Anna" });
    const team = tg.group("Team");
    const question = (await api("sendMessage", { chat_id: team.id, text: "Name?", reply_markup: { force_reply: true } })).body.result;
    const reply = tg.userReplies(team, anna, question.message_id, "Acme").update.message!;
    expect(reply.reply_to_message).toMatchObject({ message_id: question.message_id, from: { id: tg.me.id, is_bot: true }, text: "Name?" });
    expect(reply.reply_to_message).not.toHaveProperty("reply_to_message");

    const dm = tg.privateChat(anna);
    const sara = tg.user({ first_name: "Sara" });
    const news = tg.channel("Acme news");
    expect(tg.userForwards(dm, anna, "hi", sara).update.message!.forward_origin).toMatchObject({ type: "user", sender_user: sara });
    expect(tg.userForwards(dm, anna, "hi", "Hidden Name").update.message!.forward_origin).toMatchObject({ type: "hidden_user", sender_user_name: "Hidden Name" });
    expect(tg.userForwards(dm, anna, "hi", news).update.message!.forward_origin).toMatchObject({ type: "channel", chat: news });
    expect(tg.userForwards(dm, anna, "hi", team).update.message!.forward_origin).toMatchObject({ type: "chat", sender_chat: team });
  });

  it("marks commands as bot_command entities with UTF-16 offsets", async () => {
    tg = await startTelegramEmulator();
    const anna = tg.user({ first_name: "Anna" });
    const { update } = tg.userSays(tg.privateChat(anna), anna, "/lead@acme_bot note 1 🎉 /crm @someone");
    expect(update.message!.entities).toEqual([
      { type: "bot_command", offset: 0, length: "/lead@acme_bot".length },
      // "🎉" is two UTF-16 code units, so /crm starts at 25, not 24.
      { type: "bot_command", offset: 25, length: 4 },
      { type: "mention", offset: 30, length: 8 },
    ]);
  });

  it("holds a long poll until an update arrives and forgets updates once an offset confirms them", async () => {
    tg = await startTelegramEmulator();
    const anna = tg.user({ first_name: "Anna" });
    const chat = tg.privateChat(anna);
    const polling = api("getUpdates", { timeout: 50, offset: 0 });
    const sent = tg.userSays(chat, anna, "/lead list");
    const first = await polling;
    expect(first.body.result.map((update: TgUpdate) => update.update_id)).toEqual([sent.update.update_id]);
    // Not confirmed yet: asked again from the start, it comes again.
    expect((await api("getUpdates", { offset: 0 })).body.result).toHaveLength(1);
    expect((await api("getUpdates", { offset: sent.update.update_id + 1 })).body.result).toEqual([]);
    await sent.settled;
    expect((await api("getUpdates", { offset: 0 })).body.result).toEqual([]);
  });

  it("refuses getUpdates while a webhook is set, with 409", async () => {
    tg = await startTelegramEmulator();
    await api("setWebhook", { url: "http://127.0.0.1:9/hook" });
    expect((await api("getUpdates")).status).toBe(409);
    expect((await api("setWebhook", { url: "http://example.com/hook" })).body.description).toContain("HTTPS URL must be provided");
  });

  it("answers 429 with retry_after once a chat goes over one message a second, and counts it", async () => {
    let now = 0;
    tg = await startTelegramEmulator({ now: () => now, limits: { perChat: { perSecond: 1, burst: 1 } } });
    const chat = tg.privateChat(tg.user({ first_name: "Anna" }));
    expect((await api("sendMessage", { chat_id: chat.id, text: "one" })).status).toBe(200);
    const limited = await api("sendMessage", { chat_id: chat.id, text: "two" });
    expect(limited).toMatchObject({ status: 429, body: { ok: false, parameters: { retry_after: 1 } } });
    expect(tg.rateLimitedCount).toBe(1);
    now += 1000;
    expect((await api("sendMessage", { chat_id: chat.id, text: "two" })).status).toBe(200);
  });

  it("limits a group to 20 messages a minute", async () => {
    let now = 0;
    tg = await startTelegramEmulator({ now: () => now, limits: { perChat: { perSecond: 100, burst: 100 } } });
    const group = tg.group("Sales");
    for (let i = 0; i < 20; i++) expect((await api("sendMessage", { chat_id: group.id, text: `m${i}` })).status).toBe(200);
    const limited = await api("sendMessage", { chat_id: group.id, text: "m20" });
    expect(limited.status).toBe(429);
    expect(limited.body.parameters?.retry_after).toBe(3);
  });

  it("delivers to a webhook with the secret header, retries a failure, one update per chat at a time, and runs a method in the response", async () => {
    tg = await startTelegramEmulator({ webhookRetryMs: 5 });
    const seen: Array<{ id: number; secret: string | undefined; concurrent: number }> = [];
    let open = 0;
    let failFirst = true;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    hook = createServer(async (req: IncomingMessage, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const update = JSON.parse(body) as TgUpdate;
      open += 1;
      seen.push({ id: update.update_id, secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined, concurrent: open });
      if (seen.length === 1) await gate;
      open -= 1;
      if (failFirst) {
        failFirst = false;
        return res.writeHead(500).end();
      }
      const query = update.callback_query;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(query ? JSON.stringify({ method: "answerCallbackQuery", callback_query_id: query.id, text: "ok" }) : "");
    });
    await new Promise<void>((resolve) => hook!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    expect((await api("setWebhook", { url, secret_token: "abc_123" })).body.ok).toBe(true);

    const anna = tg.user({ first_name: "Anna" });
    const chat = tg.privateChat(anna);
    const first = tg.userSays(chat, anna, "/lead list");
    const second = tg.userSays(chat, anna, "/crm help");
    release();
    await Promise.all([first.settled, second.settled]);
    // The failed first delivery was retried before the chat's next update went out, never two at once.
    expect(seen.map((s) => s.id)).toEqual([first.update.update_id, first.update.update_id, second.update.update_id]);
    expect(seen.every((s) => s.secret === "abc_123" && s.concurrent === 1)).toBe(true);
    expect((await api("getWebhookInfo")).body.result).toMatchObject({ url, pending_update_count: 0, last_error_message: "Wrong response from the webhook: 500" });

    await api("sendMessage", { chat_id: chat.id, text: "pick", reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] } });
    const message = tg.botMessages(chat).at(-1)!;
    const press = tg.press(chat, anna, message.message_id, "a");
    await press.settled;
    expect(tg.callbackAnswer(press.update.callback_query!.id)).toMatchObject({ text: "ok" });
    expect(tg.unansweredCallbackQueries()).toEqual([]);
  });
});
