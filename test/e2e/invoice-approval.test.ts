import { describe, expect, it } from "vitest";
import { CHASE_KINDS } from "../../src/domain/invoices/invoice.schedule.js";
import { engineUnderTest } from "../support/db.js";
import { pdfText } from "../support/pdf-text.js";
import {
  acmeTeam,
  bothDoors,
  plain,
  dmOf,
  slackButtons,
  slackChannels,
  slackText,
  slackUsers,
  telegramButtons,
  type BothDoors,
} from "./invoice-approval.support.js";

// Issue 5, end to end through both emulators: one process with the Slack door and the Telegram door, one
// workspace across both platforms, the outbox driven round by round on a fixed clock.

const { olga, anna, bob } = slackUsers;
const { general, approvals } = slackChannels;
const labels = (buttons: Array<{ text: { text: string } }>) => buttons.map((button) => button.text.text);

async function withWorld(run: (world: BothDoors) => Promise<void>) {
  const world = await bothDoors("2026-11-25T09:00:00Z");
  try {
    await run(world);
  } finally {
    await world.close();
  }
}

/** The invoice as stored: its state and number, checked beside what the chats show. */
async function invoiceState(world: BothDoors, draftNumber: number) {
  return world.app.database.prisma.invoice.findFirstOrThrow({ where: { draftNumber }, select: { id: true, state: true, number: true } });
}

describe(`invoice approval through Slack and Telegram (${engineUnderTest})`, () => {
  it("asks approvers on both platforms, refuses non-approvers and the creator, approves once, edits every copy, sends the PDF, and stops reminders once paid", async () => {
    await withWorld(async (world) => {
      const { slack, tg, slackSays, slackPress, telegramPress } = world;
      const team = await acmeTeam(world);
      expect(team.said.threshold).toContain("Needs approval: at 1,000.00 USD and above");
      expect(team.said.fourEyes).toContain("Four-eyes: on");
      expect(team.said.issuedPrivately).toBe(true);
      expect(team.said.linked).toBe("Linked. You are @bob in acme on both platforms now; this private chat works in acme (/crm use switches).");
      expect(team.said.joined).toBe("This chat now belongs to acme.");
      expect(team.said.carolJoined).toContain("Open invoices");
      expect(team.said.carolMadeApprover).toBe("@carol is now an approver.");
      expect(team.said.annaMadeApprover).toBe("@anna is now an approver.");
      expect(slackText(await slackSays(olga, approvals, "/crm settings approvals-chat here"))).toContain("Approvals chat: this chat");

      // Anna drafts and submits in Slack. Four-eyes keeps her (an approver herself) off her own request.
      const draft = await slackSays(anna, general, "/invoice new Acme Corp ; Design sprint 10 x 450 USD ; tax 9%");
      expect(slackText(draft)).toContain("Invoice draft 1 · Acme Corp");
      expect(slackText(draft)).toContain("Total: 4,905.00 USD");
      const submitted = slackText(await slackSays(anna, general, "/invoice submit 1"));
      expect(submitted).toContain("Status: waiting for approval");
      expect(submitted).toMatch(/Waiting for approval from (@olga, @carol|@carol, @olga)\./);
      expect(slack.callsTo("chat.postMessage")).toEqual([]);
      expect(tg.callsOf("sendMessage").filter((call) => call.params.chat_id === String(team.carol.id))).toEqual([]);

      // One outbox round: Carol's Telegram DM, Olga's Slack DM and the #approvals channel get the request.
      const round = await world.tick();
      expect(round).toMatchObject({ leader: true, claimed: 3 });
      const carolRequest = tg.botMessages(team.carolDm).at(-1)!;
      expect(carolRequest.text).toContain("Invoice draft 1 · Acme Corp");
      expect(carolRequest.text).toContain("anna asks for approval of 4,905.00 USD.");
      expect(telegramButtons(carolRequest)).toEqual(["Approve", "Reject"]);
      const sentToCarol = tg.callsOf("sendMessage").filter((call) => call.params.chat_id === String(team.carol.id));
      expect(sentToCarol).toHaveLength(1);
      expect(sentToCarol[0]).toMatchObject({ ok: true, params: { parse_mode: "HTML" } });

      const posts = slack.callsTo("chat.postMessage");
      expect(posts.map((call) => call.args.channel).sort()).toEqual([approvals.id, olga.id]);
      for (const post of posts) {
        expect(slackText(post.args)).toContain("anna asks for approval of 4,905.00 USD.");
        expect(labels(slackButtons(post.args))).toEqual(["Approve", "Reject"]);
      }
      const olgaRequest = slack.messages(dmOf(olga))[0]!;
      const olgaRequestAsPosted = structuredClone(olgaRequest);
      const channelRequest = slack.messages(approvals.id)[0]!;
      expect(slack.messages(dmOf(anna))).toEqual([]);
      expect(slack.messages(dmOf(bob))).toEqual([]);

      // Bob (a plain member) presses Approve in #approvals: only he is told, and nothing changes.
      const bobPress = await slackPress(bob, approvals, channelRequest, "Approve");
      expect(bobPress).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(bobPress.text).toBe("You can't approve this: only approvers, admins and the owner can.");
      // Anna presses Approve on her own invoice: four-eyes refuses, privately.
      const annaPress = await slackPress(anna, approvals, channelRequest, "Approve");
      expect(annaPress).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(annaPress.text).toBe("You can't approve this: you created invoice 1, and four-eyes is on.");
      expect(await invoiceState(world, 1)).toMatchObject({ state: "pending_approval", number: null });
      expect(slack.callsTo("chat.update")).toEqual([]);
      expect(labels(slackButtons(slack.messages(approvals.id)[0]!))).toEqual(["Approve", "Reject"]);
      expect(tg.callsOf("editMessageText")).toEqual([]);

      // Carol presses Approve twice before the first press is answered: approved once, the second is told so.
      const first = telegramPress(team.carolDm, team.carol, carolRequest, "Approve");
      const second = telegramPress(team.carolDm, team.carol, carolRequest, "Approve");
      const answers = await Promise.all([first.settled, second.settled]);
      const alerts = answers.filter((answer) => answer?.show_alert);
      expect(alerts).toHaveLength(1);
      expect(plain(alerts[0]!.text)).toBe("Already approved by Carol at Nov 25, 2026, 9:01 AM.");
      expect(answers.filter((answer) => answer && !answer.show_alert)).toHaveLength(1);
      expect(tg.unansweredCallbackQueries()).toEqual([]);
      expect(await invoiceState(world, 1)).toMatchObject({ state: "approved", number: "INV-2026-0001" });

      // The press only decided; the other copies are edited by the outbox after commit (which also tells Anna,
      // the creator). Carol's own answer on Telegram is an outbox row too, so the round that carried it may
      // already have edited them; the next round finishes whatever is left.
      await world.tick();

      // Every copy of the request now shows the decision, without buttons.
      const carolCopy = tg.message(team.carolDm.id, carolRequest.message_id)!;
      expect(plain(carolCopy.text)).toContain("Invoice INV-2026-0001 · Acme Corp");
      expect(plain(carolCopy.text)).toContain("Approved by Carol at Nov 25, 2026, 9:01 AM: INV-2026-0001");
      expect(carolCopy.reply_markup).toBeUndefined();
      const carolEdits = tg.callsOf("editMessageText").filter((call) => call.params.chat_id === String(team.carol.id));
      expect(carolEdits.length).toBeGreaterThanOrEqual(1);
      expect(carolEdits.every((call) => call.ok && call.params.reply_markup === undefined)).toBe(true);
      const updates = slack.callsTo("chat.update");
      expect(updates.map((call) => call.args.channel).sort()).toEqual([approvals.id, dmOf(olga)].sort());
      for (const copy of [slack.messages(dmOf(olga))[0]!, slack.messages(approvals.id)[0]!]) {
        expect(slackText(copy)).toContain("Invoice INV-2026-0001 · Acme Corp");
        expect(slackText(copy)).toContain("Approved by Carol at Nov 25, 2026, 9:01 AM: INV-2026-0001");
        expect(slackButtons(copy)).toEqual([]);
      }

      // Olga presses Approve on her copy as it was before the edit reached her: already approved, privately.
      const olgaPress = await slackPress(olga, { id: dmOf(olga), name: "directmessage" }, olgaRequestAsPosted, "Approve");
      expect(olgaPress).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(plain(olgaPress.text)).toBe("Already approved by Carol at Nov 25, 2026, 9:01 AM.");
      expect(await invoiceState(world, 1)).toMatchObject({ state: "approved", number: "INV-2026-0001" });

      // Anna, the creator, heard about it in her Slack DM in that same round.
      const told = slack.messages(dmOf(anna));
      expect(told).toHaveLength(1);
      expect(slackText(told[0]!)).toContain("Approved by Carol at Nov 25, 2026, 9:01 AM: INV-2026-0001");
      expect(slackText(told[0]!)).toContain("Send it to the customer with /invoice send INV-2026-0001");

      // Anna sends it from #general: the card in the channel, and the PDF uploaded there (files upload v2).
      const sent = await slackSays(anna, general, "/invoice send INV-2026-0001");
      expect(sent.response_type).toBe("in_channel");
      expect(slackText(sent)).toContain("Invoice INV-2026-0001 marked as sent to Acme Corp. Its PDF is attached.");
      await world.tick();
      const upload = await slack.waitFor(
        () => [...slack.uploads.values()].find((file) => file.channel === general.id && file.bytes),
        "the invoice PDF in #general",
      );
      expect(upload.filename).toBe("INV-2026-0001.pdf");
      expect(upload.bytes!.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdfText(upload.bytes!)).toContain("INV-2026-0001");
      expect(pdfText(upload.bytes!)).toContain("Acme Corp");

      // Paid in full: its reminders are cancelled, and nothing is sent as the due date comes and goes.
      const paid = slackText(await slackSays(anna, general, "/invoice paid INV-2026-0001"));
      expect(paid).toContain("Payment of 4,905.00 USD recorded: invoice INV-2026-0001 is paid in full, and its reminders are stopped.");
      const slackPostsBefore = slack.callsTo("chat.postMessage").length;
      const telegramSendsBefore = tg.callsOf("sendMessage").length;
      // The dispatcher runs all along: a round at each reminder's moment (3 days before, the day, the day after, a week later).
      for (const at of ["2026-12-06T09:00:00Z", "2026-12-09T09:00:00Z", "2026-12-10T09:00:00Z", "2026-12-17T09:00:00Z"]) {
        await world.tickAt(at);
      }
      expect(slack.callsTo("chat.postMessage")).toHaveLength(slackPostsBefore);
      expect(tg.callsOf("sendMessage")).toHaveLength(telegramSendsBefore);
      expect(slack.messages(dmOf(anna))).toHaveLength(1);
      const { id } = await invoiceState(world, 1);
      const chase = await world.app.database.prisma.outboxMessage.findMany({
        where: { subjectId: id, kind: { in: [...CHASE_KINDS] } },
        select: { state: true },
      });
      expect(chase.length).toBeGreaterThan(0);
      expect(chase.every((row) => row.state === "cancelled")).toBe(true);
      expect(await world.app.database.prisma.outboxMessage.count({ where: { state: "failed" } })).toBe(0);
    });
  });

  it("rejects with a reason after the Reject button's prompt, shows it on every copy, and chases an unpaid invoice once it is overdue", async () => {
    await withWorld(async (world) => {
      const { slack, tg, slackSays, telegramSays, telegramPress } = world;
      // Here Carol is an admin, and makes the Telegram group the approvals chat.
      const team = await acmeTeam(world, { carolRole: "admin" });
      const group = team.financeGroup;
      expect((await telegramSays(group, team.carol, "/crm settings approvals-chat here"))?.text).toContain("Approvals chat: this chat");

      await slackSays(anna, general, "/invoice new Acme Corp ; Design sprint 10 x 450 USD ; tax 9%");
      expect(slackText(await slackSays(anna, general, "/invoice submit 1"))).toContain("Status: waiting for approval");
      await world.tick();
      const groupRequest = tg.botMessages(group).at(-1)!;
      expect(groupRequest.text).toContain("anna asks for approval of 4,905.00 USD.");
      expect(telegramButtons(groupRequest)).toEqual(["Approve", "Reject"]);
      const carolRequest = tg.botMessages(team.carolDm).at(-1)!;
      expect(telegramButtons(carolRequest)).toEqual(["Approve", "Reject"]);
      expect(labels(slackButtons(slack.messages(dmOf(olga))[0]!))).toEqual(["Approve", "Reject"]);

      // Bob, a plain member, presses Approve in the group: an alert only he sees; the message stays.
      const bobAnswer = await telegramPress(group, team.bobTg, groupRequest, "Approve").settled;
      expect(bobAnswer).toMatchObject({ show_alert: true, text: "You can't approve this: only approvers, admins and the owner can." });
      expect(tg.message(group.id, groupRequest.message_id)).toEqual(groupRequest);

      // Carol presses Reject: the bot asks her for the reason in a new message (a form), and changes nothing yet.
      const prompt = await telegramPress(group, team.carol, groupRequest, "Reject").settled;
      expect(prompt?.show_alert).toBeFalsy();
      await world.tick();
      expect(plain(tg.botMessages(group).at(-1)!.text)).toContain("Reason? For example: The hourly rate should be 400");
      expect(tg.message(group.id, groupRequest.message_id)).toEqual(groupRequest);
      expect(await invoiceState(world, 1)).toMatchObject({ state: "pending_approval" });

      const rejected = await telegramSays(group, team.carol, "/invoice reject 1 The hourly rate should be 400");
      expect(plain(rejected?.text)).toContain("Rejected by Carol at Nov 25, 2026, 9:02 AM: The hourly rate should be 400");
      expect(await invoiceState(world, 1)).toMatchObject({ state: "draft", number: null });

      // Every copy shows the rejection, without buttons, once the outbox has run: the group's, Carol's DM,
      // Olga's Slack DM.
      await world.tick();
      for (const copy of [tg.message(group.id, groupRequest.message_id)!, tg.message(team.carolDm.id, carolRequest.message_id)!]) {
        expect(plain(copy.text)).toContain("Rejected by Carol at Nov 25, 2026, 9:02 AM: The hourly rate should be 400");
        expect(copy.reply_markup).toBeUndefined();
      }
      const olgaCopy = slack.messages(dmOf(olga))[0]!;
      expect(slack.callsTo("chat.update").map((call) => call.args.channel)).toEqual([dmOf(olga)]);
      expect(slackText(olgaCopy)).toContain("Rejected by Carol at Nov 25, 2026, 9:02 AM: The hourly rate should be 400");
      expect(slackButtons(olgaCopy)).toEqual([]);

      // Back to a draft Anna can change and submit again; she is told after the next round.
      const shown = await slackSays(anna, general, "/invoice show 1");
      expect(slackText(shown)).toContain("Status: draft");
      expect(slackText(shown)).toContain("Rejected by Carol: The hourly rate should be 400");
      expect(labels(slackButtons(shown))).toEqual(["Submit", "Edit", "Discard"]);
      await world.tick();
      const told = slack.messages(dmOf(anna)).at(-1)!;
      expect(slackText(told)).toContain("Rejected by Carol at Nov 25, 2026, 9:02 AM: The hourly rate should be 400");
      expect(slackText(told)).toContain("It is a draft again: change it with /invoice edit 1 ;");

      // A small invoice is approved on submit; sent and never paid, it is chased in Anna's DM.
      await slackSays(anna, general, "/invoice new Beta LLC ; Logo design 1 x 300 USD");
      expect(slackText(await slackSays(anna, general, "/invoice submit 2"))).toContain("Approved and numbered INV-2026-0001.");
      expect(slackText(await slackSays(anna, general, "/invoice send INV-2026-0001"))).toContain("Invoice INV-2026-0001 marked as sent to Beta LLC.");
      const dm = () => slack.messages(dmOf(anna)).map(slackText);
      const before = dm().length;
      await world.tickAt("2026-12-06T09:00:00Z");
      expect(dm().slice(before)).toEqual([expect.stringContaining("Invoice INV-2026-0001 to Beta LLC is due in 3 days (Dec 9, 2026); 300.00 USD is still owed.")]);
      await world.tickAt("2026-12-09T09:00:00Z");
      expect(dm().at(-1)).toContain("Invoice INV-2026-0001 to Beta LLC is due today; 300.00 USD is still owed.");
      expect(dm().slice(before)).toHaveLength(2);
      // Past due: the overdue reminder, with how to record the payment.
      await world.tickAt("2026-12-10T09:00:00Z");
      expect(dm().slice(before)).toHaveLength(3);
      const overdue = dm().at(-1)!;
      expect(overdue).toContain("Invoice INV-2026-0001 to Beta LLC is 1 day overdue (due Dec 9, 2026); 300.00 USD is still owed.");
      expect(overdue).toContain("When it is paid: /invoice paid INV-2026-0001 [amount]");
      expect(await world.app.database.prisma.outboxMessage.count({ where: { state: "failed" } })).toBe(0);
    });
  });
});
