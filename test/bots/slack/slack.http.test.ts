import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { button } from "../../../src/bots/commands/actions.js";
import { slackCaller } from "../../../src/bots/slack/slack.caller.js";
import { engineUnderTest } from "../../support/db.js";
import { slackHarness, visible, type SlackHarness } from "./slack-harness.js";

const anna = { id: "U0ANNA", name: "anna" };
const bob = { id: "U0BOB", name: "bob" };

describe(`Slack over HTTP, end to end (${engineUnderTest})`, () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await slackHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends a slash command and waits for the reply the user sees on its response_url. */
  async function slash(command: string, text: string, user = anna) {
    const sent = await h.emulator.sendCommand(h.target, { command, text, user });
    expect(sent.status).toBe(200);
    const response = await h.emulator.nextResponse(sent.seq, sent.responseUrl);
    return { sent, response, seen: visible(response.body) };
  }

  it("acknowledges /lead add with an empty 200 once it is in the inbox, before the work, then shows the lead on response_url", async () => {
    const release = h.holdCommands();
    const sent = await h.emulator.sendCommand(h.target, { command: "/lead", text: "add Acme Corp 5000 USD", user: anna });
    // The command's work is still held, and Slack already has its 200: the command is recorded, not yet done.
    expect(sent.status).toBe(200);
    expect(sent.body).toBe("");
    expect(h.emulator.responses.filter((r) => r.seq > sent.seq)).toEqual([]);
    expect(await h.rows()).toMatchObject({ leads: 0, deliveries: 1 });
    release();

    const response = await h.emulator.nextResponse(sent.seq, sent.responseUrl);
    expect(response.seq).toBeGreaterThan(sent.seq);
    expect(response.status).toBe(200);
    expect(response.body.response_type).toBe("in_channel");
    expect(visible(response.body)).toContain("Lead #1 created");
    expect(visible(response.body)).toContain("5,000.00 USD");
    expect(visible(response.body)).toContain("@anna");
    expect((await h.rows()).leads).toBe(1);
  });

  it("lists the lead with /lead list, and /crm lead list means the same", async () => {
    for (const [command, text] of [["/lead", "list"], ["/crm", "lead list"]] as const) {
      const { seen } = await slash(command, text);
      expect(seen).toContain("Open leads");
      expect(seen).toContain("#1 Acme Corp · 5,000.00 USD · new · @anna");
    }
  });

  it("stores the caller's Slack profile time zone on first contact, asking Slack once", async () => {
    const member = await h.app.database.prisma.member.findFirst({ where: { handle: "anna" }, select: { timezone: true } });
    expect(member?.timezone).toBe("Asia/Tehran");
    expect(h.emulator.callsTo("users.info").filter((call) => call.args.user === anna.id)).toHaveLength(1);
  });

  it("takes the caller's language from their Slack locale on first contact (include_locale)", async () => {
    const ara = { id: "U0ARA", name: "ara" };
    const { seen } = await slash("/crm", "settings", ara);
    expect(seen).toContain("Ձեր լեզուն");
    expect(seen).toContain("հայերեն");
    expect(h.emulator.callsTo("users.info").filter((call) => call.args.user === ara.id).map((call) => String(call.args.include_locale))).toEqual(["true"]);
    const members = await h.app.database.prisma.member.findMany({ where: { handle: { in: ["anna", "ara"] } }, select: { handle: true, locale: true }, orderBy: { handle: "asc" } });
    expect(members).toEqual([{ handle: "anna", locale: "en" }, { handle: "ara", locale: "hy" }]);
  });

  it("escapes a lead named <!channel> <@U999> so the reply pings no one", async () => {
    const { seen } = await slash("/lead", "add <!channel> <@U999> & Co 10 USD");
    expect(seen).toContain("&lt;!channel&gt; &lt;@U999&gt; &amp; Co");
    expect(seen).not.toContain("<!channel>");
    expect(seen).not.toContain("<@U999>");
    const list = (await slash("/lead", "list")).seen;
    expect(list).toContain("&lt;!channel&gt;");
    expect(list).not.toMatch(/<[!@]/);
  });

  it("cleans control characters out of a command's text at the door: a NUL in an e-mail is dropped, not an error", async () => {
    const { seen } = await slash("/lead", "add Null\u0007 Byte Ltd 10 USD email:ops\u0000@null.example");
    expect(seen).toContain("Null Byte Ltd");
    expect(seen).not.toContain("Something went wrong");
    const contact = await h.app.database.prisma.contact.findFirst({ where: { email: "ops@null.example" }, select: { email: true } });
    expect(contact?.email).toBe("ops@null.example");
  });

  it("turns a Slack mention of a known member into their @handle", async () => {
    await slash("/lead", "list", bob);
    const { seen } = await slash("/lead", "assign 1 <@U0BOB|bob>");
    expect(seen).toContain("Lead #1 is now owned by @bob");
  });

  it("answers errors privately, to the caller only", async () => {
    const { response, seen } = await slash("/lead", "add Acme 5000USD");
    expect(response.body.response_type).toBe("ephemeral");
    expect(seen).toContain("write them apart, such as 5000 USD");
  });

  it("creates one lead, not two, when Slack retries a command with the same trigger_id", async () => {
    const before = await h.rows();
    const payload = h.emulator.commandPayload({ command: "/lead", text: "add Retry Ltd 70 EUR", user: anna });
    const first = await h.emulator.sendCommandPayload(h.target, payload);
    const retry = await h.emulator.sendCommandPayload(h.target, payload, { retryNum: 1, retryReason: "http_timeout" });
    expect([first.status, retry.status]).toEqual([200, 200]);
    const answers = await h.emulator.waitFor(() => {
      const posts = h.emulator.responses.filter((r) => r.id === payload.response_url!.split("/").pop());
      return posts.length === 2 && posts;
    });
    for (const answer of answers) expect(visible(answer.body)).toContain("Retry Ltd");
    expect((await h.rows()).leads).toBe(before.leads + 1);
  });

  it("uploads a reply's attachment to the channel the command came from", async () => {
    const { seen } = await slash("/crm", "sample-file");
    expect(seen).toContain("Here is the file");
    const upload = await h.emulator.waitFor(() => [...h.emulator.uploads.values()].find((u) => u.channel));
    expect(upload.filename).toBe("INV-2026-0001.pdf");
    expect(upload.channel).toBe("C0GENERAL");
    expect(upload.bytes?.toString()).toBe("%PDF-1.4 sample");
  });

  it("posts a reply's file once when Slack retries the command", async () => {
    const uploadsBefore = h.emulator.uploads.size;
    const payload = h.emulator.commandPayload({ command: "/crm", text: "sample-file", user: anna });
    await h.emulator.sendCommandPayload(h.target, payload);
    await h.emulator.waitFor(() => h.emulator.uploads.size > uploadsBefore && [...h.emulator.uploads.values()].every((u) => u.channel));
    await h.emulator.sendCommandPayload(h.target, payload, { retryNum: 1 });
    const id = payload.response_url!.split("/").pop();
    await h.emulator.waitFor(() => h.emulator.responses.filter((r) => r.id === id).length === 2);
    await h.app.inbox.idle(); // waits for the retry's answer, which would upload now if it were going to
    expect(h.emulator.uploads.size).toBe(uploadsBefore + 1);
    expect(h.emulator.responses.filter((r) => r.id === id).map((r) => visible(r.body))).not.toContainEqual(expect.stringContaining("couldn't post"));
  });

  it("creates an invoice draft whose buttons work from Slack: Discard replaces the draft card", async () => {
    const { response, seen } = await slash("/invoice", "new Acme Corp ; Design sprint 10 x 450 USD");
    expect(seen).toContain("4,500.00 USD");
    const buttons = response.body.blocks.flatMap((block: { type: string; elements?: any[] }) => (block.type === "actions" ? block.elements! : []));
    const discard = buttons.find((b: { text: { text: string } }) => b.text.text === "Discard");
    expect(discard.action_id).toMatch(/^tl\.btn\.\d+$/);

    // Slack sends back the pressed button's action_id and value, and the message it was on.
    const press = h.emulator.buttonPayload({ value: discard.value, actionId: discard.action_id, user: anna, message: { ts: "1.1", blocks: response.body.blocks } });
    const sent = await h.emulator.sendInteraction(h.target, press);
    const edited = await h.emulator.nextResponse(sent.seq, sent.responseUrl);
    expect(edited.body.replace_original).toBe(true);
    expect(visible(edited.body)).toContain("Invoice draft 1 discarded.");
    expect(visible(edited.body)).not.toContain('"actions"');
  });

  it("uploads an invoice PDF to the channel for /invoice show <id> pdf, through the outbox", async () => {
    const uploadsBefore = h.emulator.uploads.size;
    await slash("/invoice", "new Globex ; Audit 1 x 900 EUR");
    const list = (await slash("/invoice", "list all")).seen;
    const id = /draft (\d+) · Globex/.exec(list)?.[1];
    expect(id, list).toBeTruthy();
    await slash("/invoice", `show ${id} pdf`);
    // The PDF goes out through the outbox, after the command's transaction.
    await h.app.outbox.tick();
    const upload = await h.emulator.waitFor(() => [...h.emulator.uploads.values()].slice(uploadsBefore).find((u) => u.channel), "the PDF upload");
    expect(upload.filename).toMatch(/\.pdf$/);
    expect(upload.bytes?.subarray(0, 5).toString()).toBe("%PDF-");
  });

  describe("buttons", () => {
    async function payloadFor(name: string, recordId: string) {
      const actor = await h.dispatcher.resolve(slackCaller({ teamId: h.emulator.team.id, userId: anna.id, userName: anna.name }));
      return button({ actor }, name, recordId, "Poke").id;
    }

    it("dispatches a press and replaces the original message with the result", async () => {
      const value = await payloadFor("test.poke", "42");
      const sent = await h.emulator.sendInteraction(h.target, h.emulator.buttonPayload({ value, actionId: "tl.btn.0", user: anna }));
      expect(sent.status).toBe(200);
      const response = await h.emulator.nextResponse(sent.seq, sent.responseUrl);
      expect(response.body.replace_original).toBe(true);
      expect(visible(response.body)).toContain("Poked 42 by @anna");
      expect(h.presses).toEqual(["42"]);
    });

    it("runs a retried press once", async () => {
      const value = await payloadFor("test.poke", "43");
      const payload = h.emulator.buttonPayload({ value, actionId: "tl.btn.0", user: anna });
      await h.emulator.sendInteraction(h.target, payload);
      await h.emulator.sendInteraction(h.target, payload, { retryNum: 1 });
      await h.emulator.waitFor(() => h.emulator.responses.filter((r) => r.id === String(payload.response_url).split("/").pop()).length === 2);
      expect(h.presses.filter((id) => id === "43")).toHaveLength(1);
    });

    it("tells only the presser why a press was refused, leaving the message as it was", async () => {
      const value = await payloadFor("test.refuse", "44");
      const sent = await h.emulator.sendInteraction(h.target, h.emulator.buttonPayload({ value, actionId: "tl.btn.1", user: anna }));
      const response = await h.emulator.nextResponse(sent.seq, sent.responseUrl);
      expect(response.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(response.body.text).toBe("You can't poke this one &lt;!here&gt;");
    });

    it("refuses a button whose payload was tampered with", async () => {
      const value = (await payloadFor("test.poke", "45")).replace(":45:", ":46:");
      const sent = await h.emulator.sendInteraction(h.target, h.emulator.buttonPayload({ value, actionId: "tl.btn.0", user: anna }));
      const response = await h.emulator.nextResponse(sent.seq, sent.responseUrl);
      expect(response.body.text).toContain("This button is no longer valid");
      expect(h.presses).not.toContain("46");
    });
  });

  describe("requests that did not come from Slack", () => {
    const form = "command=%2Flead&text=add+Forged+1+USD&team_id=T0ACME&user_id=U0EVE&user_name=eve&channel_id=C0GENERAL&trigger_id=1.2.ab&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fx";
    const tooOld = () => Math.floor(Date.now() / 1000) - 6 * 60;

    it.each([
      ["a wrong signature", { signature: "v0=" + "0".repeat(64) }, 401],
      ["no signature", { signature: null }, 401],
      ["a timestamp older than five minutes", { timestamp: tooOld() }, 401],
    ] as const)("refuses a command with %s and writes nothing", async (_what, opts, status) => {
      const before = await h.rows();
      const sent = await h.emulator.sendRaw(h.target, form, "application/x-www-form-urlencoded", opts);
      expect(sent.status).toBe(status);
      expect(await h.rows()).toEqual(before);
    });

    it.each([
      ["a payload that is not JSON", "payload=%7Bnot-json", "application/x-www-form-urlencoded"],
      ["a JSON body that is not JSON", "{\"type\":", "application/json"],
      ["a content type with a charset", form, "application/x-www-form-urlencoded; charset=utf-8"],
    ])("refuses %s with 400 and writes nothing", async (_what, body, contentType) => {
      const before = await h.rows();
      const sent = await h.emulator.sendRaw(h.target, body, contentType);
      expect(sent.status).toBe(400);
      expect(await h.rows()).toEqual(before);
    });

    const withoutField = (field: string) => form.replace(new RegExp(`(^|&)${field}=[^&]*`), "");
    it.each([
      ["payload=null", "payload=null", "application/x-www-form-urlencoded"],
      ["payload={}", "payload=%7B%7D", "application/x-www-form-urlencoded"],
      ["a payload that is a number", "payload=5", "application/x-www-form-urlencoded"],
      ["a block_actions payload without a user", `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", actions: [{ action_id: "tl.btn.0" }] }))}`, "application/x-www-form-urlencoded"],
      ["a block_actions payload without actions", `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", user: { id: "U0ANNA" } }))}`, "application/x-www-form-urlencoded"],
      ["a command without a team", withoutField("team_id"), "application/x-www-form-urlencoded"],
      ["a command without a user", withoutField("user_id"), "application/x-www-form-urlencoded"],
      ["a command without a response_url", withoutField("response_url"), "application/x-www-form-urlencoded"],
      ["an empty form", "", "application/x-www-form-urlencoded"],
      ["JSON null", "null", "application/json"],
      ["an event without its event", JSON.stringify({ type: "event_callback", team_id: "T0ACME" }), "application/json"],
    ])("refuses a correctly signed body with %s with 400, writes nothing and keeps serving", async (_what, body, contentType) => {
      const before = await h.rows();
      const sent = await h.emulator.sendRaw(h.target, body, contentType);
      expect(sent.status).toBe(400);
      expect(await h.rows()).toEqual(before);
      // The process is still here and still answers a good command.
      expect((await slash("/lead", "list")).sent.status).toBe(200);
    });

    it("refuses payload=null without a valid signature with 401, as any forged request", async () => {
      const sent = await h.emulator.sendRaw(h.target, "payload=null", "application/x-www-form-urlencoded", { signature: "v0=" + "0".repeat(64) });
      expect(sent.status).toBe(401);
    });

    it("refuses a body over 1 MB with 413 before reading it, and keeps serving", async () => {
      const big = `${form}&filler=${"x".repeat(1024 * 1024)}`;
      const sent = await h.emulator.sendRaw(h.target, big, "application/x-www-form-urlencoded");
      expect(sent.status).toBe(413);
      expect((await slash("/lead", "list")).sent.status).toBe(200);
    });

    it("answers 404 to anything but a POST", async () => {
      const response = await fetch(h.target);
      expect(response.status).toBe(404);
    });
  });
});
