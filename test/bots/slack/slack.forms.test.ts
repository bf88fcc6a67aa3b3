import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import type { Door } from "../../../src/bots/door.js";
import { serveRoutes } from "../../../src/bots/http-server.js";
import { CAPTURE_CALLBACK_ID } from "../../../src/bots/slack/slack.forms.js";
import { blockKitProblems } from "../../emulators/slack-limits.js";
import { startSlackEmulator, type SlackEmulator } from "../../emulators/slack-emulator.js";
import type { StoredView } from "../../emulators/slack-views.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { repliesSent, unpacedOutbox } from "../../support/inbox.js";
import { slackDoorFor } from "./slack-harness.js";

/**
 * The Slack door's side of forms, end to end: the real app (its dispatcher and forms), the real Bolt app over
 * HTTP and the Slack emulator, which holds the door to Slack's rules for modals (a trigger_id used within 3 s
 * and once, the view's limits, errors only on the view's own input blocks, a 3 s ack).
 */

const olga = { id: "U0OLGA", name: "olga" };
const anna = { id: "U0ANNA", name: "anna" };
const general = { id: "C0GENERAL", name: "general" };
const shared = { id: "C0SHARED", name: "acme-shared" };

const TYPED = "Acme Corp ; Design sprint 10 x 450 USD ; Hosting 1 x 20 USD ; tax 9% ; net 14";
const ANSWERS = {
  customer: "Acme Corp",
  "line.0.description": "Design sprint",
  "line.0.quantity": "10",
  "line.0.price": "450 USD",
  "line.1.description": "Hosting",
  "line.1.quantity": "1",
  "line.1.price": "20 USD",
  tax: "9%",
  due: "14",
};

describe(`Slack forms as modals (${engineUnderTest})`, () => {
  let app: App;
  let slack: SlackEmulator;
  let door: Door;
  let server: Server;
  let target: string;

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z"), outbox: unpacedOutbox });
    slack = await startSlackEmulator({
      users: {
        U0OLGA: { name: "olga", tz: "UTC" },
        U0ANNA: { name: "anna", tz: "UTC" },
        U0SARA: { name: "Sara" },
      },
    });
    door = slackDoorFor(app, slack);
    server = await serveRoutes(0, door.routes, "127.0.0.1");
    await door.start();
    app.messengers.slack = door.messenger;
    app.outbox.start();
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    // Olga is the first member (the owner); invoices of 1,000 USD and more wait for an approver.
    await says(olga, "/crm", "settings approval 1000 USD");
  });

  afterAll(async () => {
    await door?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await app?.close();
    await slack?.close();
  });

  const db = () => app.database.prisma;

  /** A typed command; resolves with what its response_url got. */
  async function says(user: typeof anna, command: string, text: string, channel = general) {
    const sent = await slack.sendCommand(target, { command, text, user, channel });
    expect(sent.status).toBe(200);
    return (await slack.nextResponse(sent.seq, sent.responseUrl)).body as { text: string; response_type: string };
  }

  /** A command that opens a form: resolves once Slack has the modal (views.open after the command). */
  async function opens(user: typeof anna, line: string) {
    const [command, text] = line.split(" ");
    const before = slack.callsTo("views.open").length;
    const sent = await slack.sendCommand(target, { command: command!, text: text!, user, channel: general });
    expect(sent).toMatchObject({ status: 200, body: "" });
    const call = await slack.waitFor(() => slack.callsTo("views.open")[before], "views.open");
    expect(call.seq).toBeGreaterThan(sent.seq);
    await app.inbox.idle();
    return { sent, modal: slack.modalOf(user.id)! };
  }

  const inputs = (view: StoredView) => view.blocks.filter((block: { type: string }) => block.type === "input").map((block: { block_id: string }) => block.block_id);
  const initial = (view: StoredView, blockId: string) => view.blocks.find((block: { block_id?: string }) => block.block_id === blockId)?.element?.initial_value;

  /** An invoice's rows as they decide its totals, without ids, numbers and times. */
  async function invoiceRows(draftNumber: number) {
    const invoice = await db().invoice.findFirstOrThrow({
      where: { draftNumber },
      select: {
        state: true,
        currency: true,
        taxRates: true,
        discountMinor: true,
        discountRate: true,
        subtotalMinor: true,
        discountTotal: true,
        taxTotal: true,
        totalMinor: true,
        netDays: true,
        dueDate: true,
        customer: { select: { name: true } },
        lines: { select: { position: true, description: true, quantityMilli: true, unitPriceMinor: true, amountMinor: true }, orderBy: { position: "asc" } },
      },
    });
    return invoice;
  }

  it("opens /invoice new with no text as a modal: views.open within the trigger's 3 seconds, nothing posted in the channel", async () => {
    const { sent, modal } = await opens(anna, "/invoice new");
    expect(modal).toMatchObject({ type: "modal", callback_id: "threadline.form", title: { text: "New invoice" }, submit: { text: "Save" }, close: { text: "Cancel" } });
    expect(inputs(modal)).toEqual(["customer", "line.0.description", "line.0.quantity", "line.0.price", "line.1.description", "line.1.quantity", "line.1.price", "tax", "discount", "due"]);
    expect(blockKitProblems(modal.blocks, { maxBlocks: 100 })).toEqual([]);
    expect(modal.blocks.filter((block: { type: string }) => block.type === "header").map((block: { text: { text: string } }) => block.text.text)).toEqual(["Line 1", "Line 2"]);
    expect(modal.private_metadata).toMatch(/^[\w-]+\.[\w-]+$/);
    // The modal is the answer: the command's response_url stays unused.
    expect(slack.responses.filter((post) => sent.responseUrl.endsWith(post.id))).toEqual([]);
  });

  it("refuses a quantity of 'ten' on line.0.quantity, keeps the modal open and writes nothing", async () => {
    const { modal } = await opens(anna, "/invoice new");
    const [invoices, deliveries] = await Promise.all([db().invoice.count(), db().inboundDelivery.count()]);
    const outcome = await slack.submitView(target, modal, { ...ANSWERS, "line.0.quantity": "ten" }, anna);
    expect(outcome.problems).toEqual([]);
    expect(outcome.closed).toBe(false);
    expect(Object.keys(outcome.errors!)).toEqual(["line.0.quantity"]);
    expect(outcome.errors!["line.0.quantity"]).toMatch(/ten/);
    await app.inbox.idle();
    expect(await db().invoice.count()).toBe(invoices);
    expect(await db().inboundDelivery.count()).toBe(deliveries);
    expect(slack.modalOf(anna.id)?.id).toBe(modal.id);
  });

  it("creates from the modal the same draft, with the same totals, as the typed /invoice new", async () => {
    const { modal } = await opens(anna, "/invoice new");
    const outcome = await slack.submitView(target, modal, ANSWERS, anna);
    expect(outcome).toMatchObject({ closed: true, errors: null, problems: [] });
    expect(outcome.elapsedMs).toBeLessThan(3000);
    await repliesSent(app);
    const fromForm = await db().invoice.findFirstOrThrow({ orderBy: { draftNumber: "desc" }, select: { draftNumber: true } });
    // Answered in the channel the form was opened from, through the outbox (a view has no response_url).
    const posted = slack.messages(general.id).at(-1)!;
    expect(posted.text).toContain(`Invoice draft ${fromForm.draftNumber} · Acme Corp`);
    expect(posted.text).toContain("Total: 4,926.80 USD");

    const typed = await says(anna, "/invoice", `new ${TYPED}`);
    expect(typed.text).toContain(`Invoice draft ${fromForm.draftNumber + 1} · Acme Corp`);
    const [formRows, typedRows] = [await invoiceRows(fromForm.draftNumber), await invoiceRows(fromForm.draftNumber + 1)];
    expect(formRows).toEqual(typedRows);
    expect(formRows).toMatchObject({ state: "draft", currency: "USD", totalMinor: 492680n, netDays: 14, customer: { name: "Acme Corp" } });
    expect(formRows.lines.map((line) => line.description)).toEqual(["Design sprint", "Hosting"]);
  });

  it("adds a line with 'Add a line' (views.update with the view's hash), keeping what was typed, and saves three lines", async () => {
    const { modal } = await opens(anna, "/invoice new");
    const typed = { customer: "Globex", "line.0.description": "Audit", "line.0.quantity": "2", "line.0.price": "300 USD" };
    const pressed = await slack.pressInModal(target, modal, "+ Add Line 3", typed, anna);
    expect(pressed).toMatchObject({ status: 200, body: "" });
    const update = await slack.waitFor(() => slack.callsTo("views.update").find((call) => call.args.view_id === modal.id), "views.update");
    expect(update.args.hash).toBe(modal.hash);
    const grown = slack.modalOf(anna.id)!;
    expect(grown.id).toBe(modal.id);
    expect(inputs(grown)).toContain("line.2.price");
    expect(initial(grown, "customer")).toBe("Globex");
    expect(initial(grown, "line.0.price")).toBe("300 USD");
    expect(slack.views.view(modal.id)!.blocks.some((block: { elements?: Array<{ text: { text: string } }> }) => block.elements?.[0]?.text.text === "+ Add Line 4")).toBe(true);

    const before = await db().invoice.count();
    const outcome = await slack.submitView(target, grown, { ...typed, "line.1.description": "Travel", "line.1.quantity": "1", "line.1.price": "80 USD", "line.2.description": "Report", "line.2.quantity": "1", "line.2.price": "100 USD" }, anna);
    expect(outcome).toMatchObject({ closed: true, problems: [] });
    await repliesSent(app);
    expect(await db().invoice.count()).toBe(before + 1);
    const saved = await db().invoice.findFirstOrThrow({ orderBy: { draftNumber: "desc" }, select: { totalMinor: true, lines: { select: { description: true }, orderBy: { position: "asc" } } } });
    expect(saved.lines.map((line) => line.description)).toEqual(["Audit", "Travel", "Report"]);
    expect(saved.totalMinor).toBe(78000n);
  });

  it("says how to fill it in, privately on the response_url, when Slack refuses the modal (expired_trigger_id)", async () => {
    slack.fail("views.open", { error: "expired_trigger_id" });
    const sent = await slack.sendCommand(target, { command: "/lead", text: "add", user: anna, channel: general });
    expect(sent).toMatchObject({ status: 200, body: "" });
    const told = await slack.nextResponse(sent.seq, sent.responseUrl);
    expect(told.body.response_type).toBe("ephemeral");
    expect(told.body.text).toContain("/lead add");
  });

  it("opens one modal, not two, when Slack sends the same command again (same trigger_id)", async () => {
    const payload = slack.commandPayload({ command: "/task", text: "add", user: anna, channel: general });
    const before = slack.callsTo("views.open").length;
    const first = await slack.sendCommandPayload(target, payload);
    const retry = await slack.sendCommandPayload(target, payload, { retryNum: 1, retryReason: "http_timeout" });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await slack.waitFor(() => slack.callsTo("views.open")[before], "views.open");
    await app.inbox.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.callsTo("views.open")).toHaveLength(before + 1);
    expect(slack.modalOf(anna.id)!.title).toMatchObject({ text: "New task" });
    expect(slack.responses.filter((post) => payload.response_url!.endsWith(post.id))).toEqual([]);
  });

  it("refuses a modal whose ticket was tampered with, on its first field, without recording it", async () => {
    const { modal } = await opens(anna, "/lead add");
    const deliveries = await db().inboundDelivery.count();
    const forged = { ...modal, private_metadata: `${modal.private_metadata!.split(".")[0]}.AAAAAAAAAAAAAAAA` };
    const outcome = await slack.submitView(target, forged, { name: "Initech" }, anna);
    expect(outcome).toMatchObject({ closed: false, problems: [], errors: { name: "This form is closed." } });
    expect(await db().inboundDelivery.count()).toBe(deliveries);
    expect(await db().lead.count({ where: { title: "Initech" } })).toBe(0);
  });

  it("opens the reason form when Reject is pressed on an approval request; submitting it rejects the invoice with the reason", async () => {
    const draft = await says(anna, "/invoice", "new Umbrella ; Consulting 10 x 450 USD");
    const draftNumber = Number(/Invoice draft (\d+)/.exec(draft.text)![1]);
    expect((await says(anna, "/invoice", `submit ${draftNumber}`)).text).toContain("waiting for approval");
    await repliesSent(app);
    await app.outbox.tick();
    const request = await slack.waitFor(() => slack.messages("D0OLGA").find((message) => message.text?.includes(`Invoice draft ${draftNumber}`)), "the approval request");
    const reject = request.blocks!.filter((block) => block.type === "actions").flatMap((block) => block.elements).find((button: { text: { text: string } }) => button.text.text === "Reject");

    const before = slack.callsTo("views.open").length;
    const press = slack.buttonPayload({ value: reject.value, actionId: reject.action_id, user: olga, channel: { id: "D0OLGA", name: "directmessage" }, message: request });
    expect((await slack.sendInteraction(target, press)).status).toBe(200);
    await slack.waitFor(() => slack.callsTo("views.open")[before], "views.open");
    await app.inbox.idle();
    const modal = slack.modalOf(olga.id)!;
    expect(modal.title).toMatchObject({ text: "Reject the invoice" });
    expect(inputs(modal)).toEqual(["reason"]);
    expect(modal.blocks[0].element).toMatchObject({ type: "plain_text_input", multiline: true });
    expect(await db().invoice.findFirstOrThrow({ where: { draftNumber }, select: { state: true } })).toEqual({ state: "pending_approval" });

    const empty = await slack.submitView(target, modal, {}, olga);
    expect(empty).toMatchObject({ closed: false, problems: [] });
    expect(Object.keys(empty.errors!)).toEqual(["reason"]);

    const outcome = await slack.submitView(target, modal, { reason: "The hourly rate should be 400" }, olga);
    expect(outcome).toMatchObject({ closed: true, problems: [] });
    await repliesSent(app);
    const invoice = await db().invoice.findFirstOrThrow({
      where: { draftNumber },
      select: { state: true, approvals: { select: { decision: true, reason: true, decidedBy: { select: { handle: true } } } } },
    });
    expect(invoice).toEqual({ state: "draft", approvals: [{ decision: "rejected", reason: "The hourly rate should be 400", decidedBy: { handle: "olga" } }] });
    // Told in the chat the form was opened from (Olga's DM with the bot).
    expect(slack.messages("D0OLGA").at(-1)!.text).toContain("The hourly rate should be 400");
  });

  it("turns a message into a lead with 'Add to Threadline': the modal is prefilled with the message, its author and its link; the lead's first note is the message", async () => {
    const message = { ts: "1764061200.000300", text: "Hi! Can you send the quote for the redesign today?", user: "U0SARA" };
    const before = slack.callsTo("views.open").length;
    const sent = await slack.messageShortcut(target, { callbackId: CAPTURE_CALLBACK_ID, user: anna, channel: shared, message });
    expect(sent).toMatchObject({ status: 200, body: "" });
    await slack.waitFor(() => slack.callsTo("views.open")[before], "views.open");
    await app.inbox.idle();
    const modal = slack.modalOf(anna.id)!;
    expect(modal.title).toMatchObject({ text: "Add to Threadline" });
    const link = "https://acme.slack.com/archives/C0SHARED/p1764061200000300";
    const note = `Sara: Hi! Can you send the quote for the redesign today?\n${link}`;
    expect(initial(modal, "text")).toBe(note);
    expect(initial(modal, "name")).toBe("Sara");
    // No chat.getPermalink: the link is built from the shortcut's own fields.
    expect(slack.callsTo("chat.getPermalink")).toEqual([]);

    const outcome = await slack.submitView(target, modal, { kind: "New lead" }, anna);
    expect(outcome).toMatchObject({ closed: true, problems: [] });
    await repliesSent(app);
    const lead = await db().lead.findFirstOrThrow({ where: { title: "Sara" }, select: { number: true, notes: { select: { body: true } } } });
    expect(lead.notes).toEqual([{ body: note }]);
    // Told to Anna alone (her DM), not in the channel shared with the client.
    expect(slack.messages("D0ANNA").at(-1)!.text).toContain(`Lead #${lead.number} created, with the message as its first note`);
    expect(slack.messages(shared.id)).toEqual([]);
  });
});
