import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/app.js";
import { createLogger } from "../../src/log.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

/**
 * The Form model through the dispatcher, as every door uses it: questions asked one at a time (Telegram, Bale,
 * the console) and a whole form checked and submitted (Slack's modal). The doors' own rendering is tested
 * with their emulators; here, that a form makes exactly what the typed command makes, and nothing half-made.
 */
describe(`forms (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anna = consoleCaller("anna", "team");
  const bob = consoleCaller("bob", "team");
  const slackAnna: CallerKey = {
    platform: "slack",
    externalWorkspaceId: "T1",
    externalChatId: "T1",
    externalUserId: "U1",
    displayName: "Anna",
    username: "anna",
    origin: { platform: "slack", chatId: "C1" },
  };
  const handle = (line: string, who: CallerKey = anna) => app.dispatcher.handle(line, who);
  const answer = async (text: string, who: CallerKey = anna) => app.dispatcher.answer(text, who);
  const text = (reply: Reply | null) => (reply ? toPlainText(reply) : "");
  const db = () => app.database.prisma;

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("asks a bare /lead add one question at a time and makes the lead the typed command would", async () => {
    const first = await handle("/lead add");
    expect(text(first)).toContain("New lead: 1 of 3");
    expect(text(first)).toContain("Name? For example: Acme Corp");
    expect(first.ask).toEqual({ typed: true, placeholder: "Acme Corp" });
    expect(text(await answer("Studio 54"))).toContain("Value? For example: 5000 USD");
    // A bad answer is refused on its own question, with the grammar's own message, and asked again.
    const refused = await answer("5000USD");
    expect(text(refused)).toContain("write them apart, such as 5000 USD");
    expect(text(refused)).toContain("New lead: 2 of 3");
    expect(text(await answer("5,000 USD"))).toContain("Email or phone?");
    const made = await answer("+374 10 123456");
    expect(text(made)).toContain("Lead #1 created");
    expect(made?.ask).toBeUndefined();

    await handle('/lead add "Studio 55" 5,000 USD phone:+37410123456');
    const [viaForm, typed] = await db().lead.findMany({ orderBy: { number: "asc" }, include: { contact: true } });
    expect(viaForm).toMatchObject({ title: "Studio 54", valueMinor: 500000n, currency: "USD" });
    expect(viaForm!.contact.phone).toBe(typed!.contact.phone);
    expect(await db().formSession.count()).toBe(0);
  });

  it("counts only the starter's answers, and another person's form is their own", async () => {
    await handle("/lead add");
    expect(await answer("Not my form", bob)).toBeNull();
    expect(text(await answer("Globex"))).toContain("Value?");
    expect(text(await handle("/skip"))).toContain("Email or phone?");
    expect(text(await handle("/skip", bob))).toContain("You have no open form in this chat.");
    expect(text(await handle("/skip"))).toContain("Lead #3 created");
    expect(await db().lead.count({ where: { title: "Not my form" } })).toBe(0);
  });

  it("goes back, cancels without a trace, and lapses after 10 minutes", async () => {
    const leads = await db().lead.count();
    await handle("/lead add");
    await answer("Initech");
    expect(text(await handle("/back"))).toContain("Name?");
    expect(text(await answer("Initech Ltd"))).toContain("Value?");
    expect(text(await handle("/cancel"))).toContain("Cancelled. Nothing was saved.");
    expect(await answer("5000")).toBeNull();

    await handle("/lead add");
    clock.advance({ minutes: 11 });
    expect(text(await answer("Too late Corp"))).toContain("lapsed after 10 minutes");
    expect(await db().lead.count()).toBe(leads);
    expect(await db().formSession.count()).toBe(0);
  });

  it("keeps a form across a restart: a new app on the same database continues it", async () => {
    await handle("/task add");
    await answer("Send the proposal");
    // Nothing of the form is held in memory: another app (as after a restart) on the same database goes on.
    const restarted = await buildApp(app.config, { database: app.database, clock, log: createLogger("silent") });
    expect(text(await restarted.dispatcher.handle("/skip", anna))).toContain("When is it due?");
    const made = await restarted.dispatcher.answer("tomorrow 15:00", anna);
    expect(text(made)).toContain("Task #1 created");
    expect(text(made)).toContain("Assignee: @anna");
  });

  it("asks a bare /invoice new for its lines and makes the same draft as the typed line", async () => {
    await handle("/invoice new");
    await answer("Acme Corp");
    expect(text(await answer("Design sprint ten x 450 USD"))).toContain("is not a line");
    await answer("Design sprint 10 x 450 USD");
    expect(text(await answer("Hosting 1 x 20 USD"))).toContain("/done");
    expect(text(await handle("/done"))).toContain("Tax?");
    await answer("9%");
    await handle("/skip");
    expect(text(await answer("14"))).toContain("Draft 1 created");
    await handle("/invoice new Acme Corp ; Design sprint 10 x 450 USD ; Hosting 1 x 20 USD ; tax 9% ; net 14");
    const [viaForm, typed] = await db().invoice.findMany({ orderBy: { draftNumber: "asc" }, include: { lines: { orderBy: { position: "asc" } } } });
    const shape = (invoice: NonNullable<typeof viaForm>) => ({
      totals: [invoice.subtotalMinor, invoice.taxTotal, invoice.totalMinor, invoice.currency, invoice.netDays, invoice.taxRates],
      lines: invoice.lines.map((line) => [line.description, line.quantityMilli, line.unitPriceMinor, line.amountMinor]),
    });
    expect(shape(viaForm!)).toEqual(shape(typed!));
    expect(viaForm!.totalMinor).toBe(492680n);
  });

  it("records a payment by asking which unpaid invoice with a button, then how much", async () => {
    expect(text(await handle("/invoice submit 1"))).toContain("INV-2026-0001");
    const which = await handle("/invoice paid");
    const invoice = which.actions!.find((action) => action.label.startsWith("INV-2026-0001 Acme Corp: 4,926.80 USD"))!;
    const amount = await app.dispatcher.press(invoice.id, anna);
    expect(amount.kind === "reply" && text(amount.reply)).toContain("Amount received");
    expect(text(await answer("1000"))).toContain("Date received");
    expect(text(await handle("/skip"))).toContain("Still owed: 3,926.80 USD");
    expect((await db().invoice.findFirstOrThrow({ where: { number: "INV-2026-0001" } })).paidMinor).toBe(100000n);
  });

  it("asks a lead card's note and task about the card's lead, which the form carries and does not ask", async () => {
    const ctx = app.dispatcher.contextFor(await app.dispatcher.resolve(anna), anna);
    expect(text(await ctx.forms!.open("lead note", "1"))).toContain("Note? For example: Called Sara");
    expect(text(await answer("She wants it by Friday"))).toContain("Note added to lead #1");
    expect(text(await ctx.forms!.open("lead task", "1"))).toContain("What needs doing?");
    await answer("Send the quote");
    await handle("/skip");
    const made = await answer("fri 15:00");
    expect(text(made)).toContain("Lead: #1 Studio 54");
    // Bare, these commands keep their usage: the form needs its lead.
    expect((await handle("/lead note")).tone).toBe("error");
  });

  it("checks a Slack modal's fields without writing, errors on the field, then submits the same draft", async () => {
    const opened = await handle("/invoice new", slackAnna);
    const form = opened.form!;
    expect(form.title).toBe("New invoice");
    expect(form.fields.map((field) => field.key)).toEqual([
      "customer",
      "line.0.description",
      "line.0.quantity",
      "line.0.price",
      "line.1.description",
      "line.1.quantity",
      "line.1.price",
      "tax",
      "discount",
      "due",
    ]);
    const values = {
      customer: "Acme Corp",
      "line.0.description": "Design sprint",
      "line.0.quantity": "ten",
      "line.0.price": "450 USD",
      "line.1.description": "Hosting",
      "line.1.quantity": "1",
      "line.1.price": "20 USD",
      tax: "9%",
      due: "14",
    };
    const before = await db().invoice.count();
    const errors = await app.dispatcher.checkForm(form.token, values, slackAnna);
    expect(errors).toEqual({ "line.0.quantity": "\"ten\" is not a quantity: write a number above zero with at most 3 decimals, such as 10 or 1.5." });
    expect(await app.dispatcher.checkForm(form.token, { ...values, "line.0.quantity": "10" }, slackAnna)).toEqual({});
    expect(await db().invoice.count()).toBe(before);
    // A ticket signed by another workspace (or edited) is refused.
    expect(await app.dispatcher.checkForm(`${form.token.slice(0, -2)}xx`, values, slackAnna)).toBeNull();

    const made = await app.dispatcher.submitForm(form.token, { ...values, "line.0.quantity": "10" }, slackAnna);
    expect(text(made)).toContain("Draft 1 created");
    const invoice = await db().invoice.findFirstOrThrow({ where: { createdBy: { handle: "anna" }, workspace: { chatLinks: { some: { platform: "slack" } } } } });
    expect([invoice.subtotalMinor, invoice.taxTotal, invoice.totalMinor, invoice.netDays]).toEqual([452000n, 40680n, 492680n, 14]);
  });

  it("turns forwarded messages into notes on a lead chosen with a button", async () => {
    const lead = (await db().lead.findFirstOrThrow({ where: { title: "Globex" } })).number;
    const first = await app.dispatcher.capture("Sara: can you send the quote today?", anna, {}, "Sara");
    expect(text(first)).toContain("What is it?");
    const second = await app.dispatcher.capture("Sara: and the hosting price", anna, {}, "Sara");
    const note = second.actions!.find((action) => action.label === "Note on a lead")!;
    const leads = await app.dispatcher.press(note.id, anna);
    expect(leads.kind).toBe("reply");
    const choice = leads.kind === "reply" ? leads.reply.actions!.find((action) => action.label.endsWith("Globex"))! : null;
    // Only the person capturing may choose.
    expect(await app.dispatcher.press(choice!.id, bob)).toEqual({ kind: "alert", text: "Only the person who started this form can answer it." });
    const done = await app.dispatcher.press(choice!.id, anna);
    expect(done.kind === "reply" && text(done.reply)).toContain(`Note added to lead #${lead}`);
    const notes = await db().note.findMany({ where: { lead: { number: lead, title: "Globex" } } });
    expect(notes.map((row) => row.body)).toEqual(["Sara: can you send the quote today?\n\nSara: and the hosting price"]);
  });
});
