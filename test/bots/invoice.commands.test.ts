import { outboxItem } from "../support/reminders.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageRef, Messenger } from "../../src/bots/messenger.js";
import type { App } from "../../src/app.js";
import { composers } from "../../src/bots/reminders/all.composers.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { pdfText } from "../support/pdf-text.js";

/** A platform double that records edits of posted messages (the approval copies). */
function editRecorder(platform: "slack" | "telegram") {
  const edits: { message: MessageRef; reply: Reply }[] = [];
  const messenger: Messenger = {
    platform,
    async send(to) {
      return { ...to, messageId: "unused" };
    },
    async edit(message, reply) {
      edits.push({ message, reply });
    },
    async sendFile(to) {
      return { ...to, messageId: "unused" };
    },
  };
  return { messenger, edits };
}

describe(`invoices end to end (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anna = consoleCaller("anna"); // the owner: first in the chat space
  const bob = consoleCaller("bob"); // a member who makes invoices
  const carol = consoleCaller("carol"); // made an approver below
  const dave = consoleCaller("dave"); // a member who may not approve
  const slack = editRecorder("slack");
  const ids: Record<string, string> = {};
  let firstRound: { approve: string; reject: string };

  const handle = (line: string, who: CallerKey = bob) => app.dispatcher.handle(line, who);
  const say = async (line: string, who: CallerKey = bob) => toPlainText(await handle(line, who));
  const press = (payload: string, who: CallerKey) => app.dispatcher.press(payload, who);
  const db = () => app.database.prisma;
  const invoiceRow = (draftNumber: number) => db().invoice.findFirstOrThrow({ where: { draftNumber }, select: { id: true, state: true, number: true } });
  const rows = (where: object) =>
    db().outboxMessage.findMany({ where, select: { id: true, kind: true, recipientId: true, chatId: true, state: true, dueAt: true, payload: true }, orderBy: { createdAt: "asc" } });

  /** Composes an outbox row for its recipient (or the owner, for a chat row), as the outbox dispatcher would. */
  async function compose(rowId: string, reader: CallerKey): Promise<Reply | null> {
    const row = await db().outboxMessage.findUniqueOrThrow({ where: { id: rowId } });
    const item = outboxItem(row, { late: false });
    const composer = composers().find((c) => c.kind === row.kind)!;
    return composer.compose(item, app.dispatcher.contextFor(await app.dispatcher.resolve(reader)));
  }

  /** The Approve and Reject payloads of the request for the round this row belongs to. */
  async function requestButtons(rowId: string, reader: CallerKey) {
    const request = await compose(rowId, reader);
    const [approve, reject] = request!.actions!;
    expect([approve!.label, reject!.label]).toEqual(["Approve", "Reject"]);
    return { approve: approve!.id, reject: reject!.id };
  }

  beforeAll(async () => {
    app = await testApp({ clock });
    app.messengers.slack = slack.messenger;
    for (const who of [anna, bob, carol, dave]) await say("/invoice list", who);
    for (const member of await db().member.findMany({ select: { id: true, handle: true } })) ids[member.handle] = member.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lets only admins and the owner set roles and the approval policy", async () => {
    expect(await say("/crm role @dave admin", bob)).toContain("Only admins and the owner can change roles");
    expect(await say("/crm role @carol approver", anna)).toContain("@carol is now an approver.");
    expect(await say("/crm role @anna member", anna)).toContain("@anna owns this workspace");
    expect(await say("/crm settings approval 1000 USD", bob)).toContain("Only admins and the owner");
    const policy = await say("/crm settings approval 1000 USD", anna);
    expect(policy).toContain("Needs approval: at 1,000.00 USD and above");
    expect(policy).toContain("Four-eyes: off");
    expect(await say("/crm settings approvals-chat here", anna)).toContain("Approvals chat: this chat");
  });

  it("drafts an invoice with its totals and Submit / Edit / Discard buttons", async () => {
    const answer = await handle("/invoice new Acme Corp ; Design sprint 10 x 450 USD ; tax 9%");
    const text = toPlainText(answer);
    expect(answer.title).toBe("Invoice draft 1 · Acme Corp");
    expect(text).toContain("Design sprint: 10 × 450.00 USD = 4,500.00 USD");
    expect(text).toContain("Subtotal: 4,500.00 USD");
    expect(text).toContain("Tax 9%: 405.00 USD");
    expect(text).toContain("Total: 4,905.00 USD");
    expect(text).toContain("Due: 14 days after issue");
    expect(answer.actions?.map((action) => action.label)).toEqual(["Submit", "Edit", "Discard"]);
    const edit = await press(answer.actions![1]!.id, bob);
    expect(edit).toMatchObject({ kind: "alert" });
    expect(edit.kind === "alert" && edit.text).toContain("/invoice edit 1 ;");
    expect(edit.kind === "alert" && edit.text.length).toBeLessThanOrEqual(200); // Telegram's limit for an alert
  });

  it("submitting at or above the threshold queues an approval request for each approver and the approvals chat, and nudges", async () => {
    expect(await say("/invoice submit 1")).toContain("Waiting for approval from @anna, @carol.");
    const invoice = await invoiceRow(1);
    expect(invoice).toMatchObject({ state: "pending_approval", number: null });
    const requests = await rows({ subjectId: invoice.id, kind: "invoice.approval" });
    expect(requests.map((row) => [row.recipientId, row.chatId, row.state])).toEqual([
      [ids.anna, null, "pending"],
      [ids.carol, null, "pending"],
      [null, "local", "pending"],
    ]);
    expect(requests.every((row) => row.dueAt.toISOString() === "2026-11-25T09:00:00.000Z")).toBe(true);
    const nudges = await rows({ subjectId: invoice.id, kind: "invoice.approval_nudge" });
    expect(nudges.map((row) => [row.recipientId, row.dueAt.toISOString()])).toEqual([
      [ids.anna, "2026-11-26T09:00:00.000Z"],
      [ids.carol, "2026-11-26T09:00:00.000Z"],
    ]);
    const request = toPlainText((await compose(requests[1]!.id, carol))!);
    expect(request).toContain("Bob asks for approval of 4,905.00 USD.");
    expect(toPlainText((await compose(requests[2]!.id, anna))!)).toContain("Bob asks for approval of 4,905.00 USD.");
    expect(toPlainText((await compose(nudges[1]!.id, carol))!)).toContain("Still waiting for a decision since Nov 25, 2026");
  });

  it("ignores a press by someone who may not approve: an alert, and nothing changes", async () => {
    const [request] = await rows({ kind: "invoice.approval", recipientId: ids.carol });
    const { approve } = await requestButtons(request!.id, carol);
    const before = await db().activity.count();
    for (const who of [dave, bob]) {
      const result = await press(approve, who);
      expect(result).toEqual({ kind: "alert", text: "You can't approve this: only approvers, admins and the owner can." });
    }
    expect((await invoiceRow(1)).state).toBe("pending_approval");
    expect(await db().activity.count()).toBe(before);
  });

  it("approves once on the approver's press, numbers it INV-2026-0001, edits every sent copy and tells the creator", async () => {
    const invoice = await invoiceRow(1);
    const [toAnna, toCarol, toChat] = await rows({ subjectId: invoice.id, kind: "invoice.approval" });
    // As the outbox dispatcher would after posting them: two Slack DMs, one Telegram group with no messenger running.
    const sent = async (id: string, platform: "slack" | "telegram", chatId: string, messageId: string) =>
      db().outboxMessage.update({ where: { id }, data: { state: "sent", sentPlatform: platform, sentChatId: chatId, messageId } });
    await sent(toAnna!.id, "slack", "D-anna", "1.001");
    await sent(toCarol!.id, "slack", "D-carol", "1.002");
    await sent(toChat!.id, "telegram", "-100", "77");
    firstRound = await requestButtons(toAnna!.id, anna);
    const { approve } = await requestButtons(toCarol!.id, carol);
    expect(approve).toBe(firstRound.approve); // the buttons name the approval round, whoever's copy they are on

    const result = await press(approve, carol);
    expect(result.kind).toBe("edit");
    const shown = result.kind === "edit" ? toPlainText(result.reply) : "";
    expect(shown).toContain("Invoice INV-2026-0001 · Acme Corp");
    expect(shown).toMatch(/Approved by Carol at Nov 25, 2026, 9:00\sAM: INV-2026-0001/);
    expect(result.kind === "edit" && result.reply.actions).toBeFalsy();
    expect(await invoiceRow(1)).toMatchObject({ state: "approved", number: "INV-2026-0001" });

    // Nothing left the process during the press: every posted copy has an edit queued with the decision,
    // which the outbox sends after commit, each in its reader's language.
    expect(slack.edits).toEqual([]);
    const editOf = (row: { payload: unknown }) => String((row.payload as { edit?: string }).edit);
    const copies = (await rows({ kind: "invoice.copy" })).sort((a, b) => editOf(a).localeCompare(editOf(b)));
    expect(copies.map((row) => [row.chatId, row.payload, row.recipientId, row.state])).toEqual([
      ["D-anna", { roundId: expect.any(String), edit: "1.001" }, ids.anna, "pending"],
      ["D-carol", { roundId: expect.any(String), edit: "1.002" }, ids.carol, "pending"],
      ["-100", { roundId: expect.any(String), edit: "77" }, null, "pending"],
    ]);
    for (const [row, reader] of [[copies[0]!, anna], [copies[1]!, carol], [copies[2]!, anna]] as const) {
      const edited = (await compose(row.id, reader))!;
      expect(toPlainText(edited)).toContain("Approved by Carol");
      expect(edited.actions).toBeUndefined();
    }
    expect((await rows({ subjectId: invoice.id, kind: "invoice.approval_nudge" })).map((row) => row.state)).toEqual(["cancelled", "cancelled"]);
    const [told] = await rows({ subjectId: invoice.id, kind: "invoice.decided" });
    expect(told).toMatchObject({ recipientId: ids.bob, state: "pending" });
    expect(toPlainText((await compose(told!.id, bob))!)).toContain("Approved by Carol");
  });

  it("tells a second press it is already approved, and records nothing more", async () => {
    const [request] = await rows({ kind: "invoice.approval", recipientId: ids.anna });
    // Anna's copy was posted before Carol decided, so its buttons are still in her chat.
    for (const payload of [firstRound.approve, firstRound.reject]) {
      const result = await press(payload, anna);
      expect(result.kind).toBe("alert");
      expect(result.kind === "alert" && result.text).toMatch(/^Already approved by Carol at Nov 25, 2026/);
    }
    expect(await db().activity.count({ where: { action: "invoice.approved" } })).toBe(1);
    expect(await db().invoiceCounter.findMany({ select: { year: true, last: true } })).toEqual([{ year: 2026, last: 1 }]);
    expect(await compose(request!.id, anna)).toBeNull();
  });

  it("under four-eyes refuses the creator's approval, asks a rejecter for a reason, and a reject sends it back to draft", async () => {
    expect(await say("/crm settings four-eyes on", anna)).toContain("Four-eyes: on");
    await say("/invoice new Initech ; Audit 3 x 500 USD", anna);
    expect(await say("/invoice submit 2", anna)).toContain("Waiting for approval from @carol.");
    const invoice = await invoiceRow(2);
    const [request] = await rows({ subjectId: invoice.id, kind: "invoice.approval", recipientId: ids.carol });
    expect(await rows({ subjectId: invoice.id, kind: "invoice.approval", recipientId: ids.anna })).toEqual([]);
    const buttons = await requestButtons(request!.id, carol);

    expect(await press(buttons.approve, anna)).toEqual({
      kind: "alert",
      text: "You can't approve this: you created invoice 2, and four-eyes is on.",
    });
    expect(await say("/invoice approve 2", anna)).toContain("you created invoice 2");
    // Reject asks Carol for the reason with a form; her answer rejects it (the same as /invoice reject 2 <reason>).
    const ask = await press(buttons.reject, carol);
    expect(ask.kind === "reply" && toPlainText(ask.reply)).toContain("Reason? For example: The hourly rate should be 400");
    expect(ask.kind === "reply" && ask.reply.ask).toEqual({ typed: true, placeholder: "The hourly rate should be 400" });
    expect((await invoiceRow(2)).state).toBe("pending_approval");
    // Someone else's words in the chat are not her answer.
    expect(await app.dispatcher.answer("Looks fine to me", anna)).toBeNull();
    expect((await invoiceRow(2)).state).toBe("pending_approval");

    expect(toPlainText((await app.dispatcher.answer("The rate should be 400", carol))!)).toContain("Rejected by Carol at");
    expect(await invoiceRow(2)).toMatchObject({ state: "draft", number: null });
    expect(await say("/invoice show 2", anna)).toContain("Rejected by Carol: The rate should be 400");
    const [told] = await rows({ subjectId: invoice.id, kind: "invoice.decided" });
    expect(told).toMatchObject({ recipientId: ids.anna });

    // Edited and submitted again: the old request's buttons belong to the rejected round.
    expect(await say("/invoice edit 2 ; Audit 3 x 400 USD", anna)).toContain("Total: 1,200.00 USD");
    expect(await say("/invoice submit 2", anna)).toContain("Waiting for approval from @carol.");
    const stale = await press(buttons.approve, carol);
    expect(stale.kind === "alert" && stale.text).toMatch(/^Already rejected by Carol/);
    expect((await invoiceRow(2)).state).toBe("pending_approval");
  });

  it("approves and numbers an invoice below the threshold on submit", async () => {
    const draft = await handle("/invoice new Globex ; Hosting 1 x 20 USD ; discount 10%");
    expect(toPlainText(draft)).toContain("Discount 10%: −2.00 USD");
    const submitted = await press(draft.actions![0]!.id, bob);
    expect(submitted.kind).toBe("edit");
    expect(submitted.kind === "edit" && toPlainText(submitted.reply)).toContain("Approved and numbered INV-2026-0002");
    expect(await invoiceRow(3)).toMatchObject({ state: "approved", number: "INV-2026-0002" });
    expect(await rows({ kind: "invoice.approval", subjectId: (await invoiceRow(3)).id })).toEqual([]);
    expect(await say("/invoice edit INV-2026-0002 ; Hosting 2 x 20 USD")).toContain("is approved and numbered, so it can't be changed");
  });

  it("/invoice send marks it sent, queues its PDF and schedules its owner's reminders", async () => {
    const answer = await handle("/invoice send INV-2026-0001");
    expect(toPlainText(answer)).toContain("Invoice INV-2026-0001 marked as sent to Acme Corp");
    // The PDF goes out through the outbox after commit, into the chat the command came from.
    expect(answer.attachments).toBeUndefined();
    const [post] = await rows({ kind: "invoice.pdf" });
    expect(post).toMatchObject({ recipientId: ids.bob, chatId: bob.externalChatId, state: "pending" });
    const [pdf] = (await compose(post!.id, bob))!.attachments!;
    expect(pdf).toMatchObject({ filename: "INV-2026-0001.pdf", mimeType: "application/pdf" });
    expect(Buffer.from(pdf!.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf!.bytes);
    expect(text).toContain("INV-2026-0001");
    expect(text).toContain("4,905.00 USD");
    expect(text).toContain("Acme Corp");

    const invoice = await invoiceRow(1);
    expect(invoice.state).toBe("sent");
    const chase = await rows({ subjectId: invoice.id, kind: { startsWith: "invoice.due" } });
    expect(chase.map((row) => [row.kind, row.recipientId, row.dueAt.toISOString()])).toEqual([
      ["invoice.due_soon", ids.bob, "2026-12-06T09:00:00.000Z"],
      ["invoice.due_today", ids.bob, "2026-12-09T09:00:00.000Z"],
    ]);
    expect(await rows({ subjectId: invoice.id, kind: "invoice.overdue", state: "pending" })).toHaveLength(12);
    expect(toPlainText((await compose(chase[0]!.id, bob))!)).toContain("is due in 14 days (Dec 9, 2026); 4,905.00 USD is still owed");
    // Sending again only gives the PDF again.
    const again = await handle("/invoice send INV-2026-0001");
    expect(toPlainText(again)).toContain("already sent");
    expect(await rows({ kind: "invoice.pdf" })).toHaveLength(2);
  });

  it("records partial payments, refuses an overpayment, and stops every reminder once paid", async () => {
    // Payments are recorded by approvers (Carol), admins and the owner; Bob made the invoice.
    expect(await say("/invoice paid INV-2026-0001 1000", carol)).toContain("Still owed: 3,905.00 USD");
    expect((await invoiceRow(1)).state).toBe("partially_paid");
    const over = await handle("/invoice paid INV-2026-0001 5000", carol);
    expect(over.tone).toBe("error");
    expect(toPlainText(over)).toContain("5000.00 USD is more than the 3905.00 USD still owed on invoice INV-2026-0001");
    expect(await say("/invoice paid INV-2026-0001 10 EUR", carol)).toContain("is in USD");

    expect(await say("/invoice paid INV-2026-0001", carol)).toContain("is paid in full, and its reminders are stopped");
    const invoice = await invoiceRow(1);
    expect(invoice.state).toBe("paid");
    const chase = await rows({ subjectId: invoice.id, kind: { in: ["invoice.due_soon", "invoice.due_today", "invoice.overdue"] } });
    expect(chase).toHaveLength(14);
    expect(new Set(chase.map((row) => row.state))).toEqual(new Set(["cancelled"]));
    expect(await compose(chase[2]!.id, bob)).toBeNull();
    const shown = await say("/invoice show INV-2026-0001");
    expect(shown).toContain("Nov 25, 2026 · 1,000.00 USD · recorded by Carol");
    expect(shown).toContain("Carol recorded the final payment");
    expect(await say("/invoice void INV-2026-0001 oops", anna)).toContain("Invoice INV-2026-0001 is already paid.");
  });

  it("derives overdue in the workspace's day, lists it, and voiding stops its reminders", async () => {
    await say("/invoice send INV-2026-0002");
    clock.set("2026-12-12T10:00:00Z");
    const list = await say("/invoice list overdue");
    expect(list).toContain("INV-2026-0002 · Globex · 18.00 USD · sent, overdue by 3 days");
    expect(list).not.toContain("INV-2026-0001");
    const invoice = await invoiceRow(3);
    const [firstOverdue] = await rows({ subjectId: invoice.id, kind: "invoice.overdue" });
    expect(toPlainText((await compose(firstOverdue!.id, bob))!)).toContain("is 3 days overdue (due Dec 9, 2026); 18.00 USD is still owed");

    // Voiding is for admins and the owner.
    expect(await say("/invoice void INV-2026-0002 Billed to the wrong company", anna)).toContain("Invoice INV-2026-0002 is void.");
    expect((await rows({ subjectId: invoice.id, state: "pending" })).length).toBe(0);
    expect(await compose(firstOverdue!.id, bob)).toBeNull();
    expect(await say("/invoice list overdue")).toContain("No invoices here");
  });

  it.each([
    ["/invoice new ;", "start with the customer"],
    ["/invoice new Acme", "add at least one line"],
    ["/invoice new Acme ; lots of stuff", "\"lots of stuff\" is not a line"],
    ["/invoice new Acme ; A 1 x 10 USD ; B 1 x 10 EUR", "one currency; this one has EUR, USD"],
    ["/invoice new Acme ; A 1.2345 x 10 USD", "is not a quantity"],
    ["/invoice new Acme ; A 1 x 10.123 USD", "USD has 2 decimal places"],
    ["/invoice new Acme ; A 1 x 10 USD ; discount 11", "discount is larger than the subtotal"],
    ["/invoice new Acme ; A 1 x 10 USD ; due 2026-02-30", "is not a date"],
    ["/invoice new lead:99 ; A 1 x 10 USD", "There is no lead #99"],
    ["/invoice show 99", "There is no invoice 99"],
    ["/invoice show banana", "an invoice such as 3, draft 3 or INV-2026-0001"],
    ["/invoice list someday", "draft, pending, unpaid, overdue, paid or all"],
    ["/invoice send 2", "Invoice 2 is waiting for approval"],
    ["/invoice paid 2", "Invoice 2 is waiting for approval"],
    ["/invoice void 2", "give a reason after the invoice"],
    ["/invoice edit INV-2026-0001 ; A 1 x 5 USD", "Invoice INV-2026-0001 is already paid."],
  ])("answers %s with one explanation and an example, writing nothing", async (line, problem) => {
    const count = () => Promise.all([db().invoice.count(), db().activity.count(), db().outboxMessage.count(), db().contact.count()]);
    const before = await count();
    // As the owner, who may do all of it: what is refused here is the input, not the person.
    const answer = await handle(line, anna);
    expect(answer.tone).toBe("error");
    expect(toPlainText(answer)).toContain(problem);
    expect(toPlainText(answer)).toMatch(/Example: \//);
    expect(await count()).toEqual(before);
  });

  it("makes an invoice for a lead's contact with lead:<id>", async () => {
    await say("/lead add Umbrella Corp 900 USD");
    const answer = await handle("/invoice new lead:1 ; Consulting 1.5 x 100 USD ; net 30");
    expect(answer.title).toContain("Umbrella Corp");
    expect(toPlainText(answer)).toContain("Consulting: 1.5 × 100.00 USD = 150.00 USD");
    expect(toPlainText(answer)).toContain("Due: 30 days after issue");
  });
});
