import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineUnderTest } from "../../support/db.js";
import type { fixedClock } from "../../support/fixed-clock.js";
import type { StoredView } from "../../emulators/slack-views.js";
import { slackHarness, visible, type SlackHarness } from "./slack-harness.js";

const anna = { id: "U0ANNA", name: "anna" };
const bob = { id: "U0BOB", name: "bob" };
const olga = { id: "U0OLGA", name: "olga" };
const otherTeam = { id: "T0OTHER", domain: "otherco" };

/** What a person reads on a Home view: every block's text, buttons' labels included. */
const seen = (view: StoredView) => JSON.stringify(view.blocks);
const buttonLabels = (view: StoredView) =>
  view.blocks.flatMap((block: { elements?: Array<{ type: string; text: { text: string } }> }) =>
    (block.elements ?? []).filter((element) => element.type === "button").map((element) => element.text.text),
  );

describe(`the Slack App Home (${engineUnderTest})`, () => {
  let h: SlackHarness;
  const publishesFor = (user: string) => h.emulator.callsTo("views.publish").filter((call) => call.args.user_id === user);

  /** Sends a slash command and waits for its answer on the response_url. */
  async function slash(command: string, text: string, user = anna) {
    const sent = await h.emulator.sendCommand(h.target, { command, text, user });
    expect(sent.status).toBe(200);
    return visible((await h.emulator.nextResponse(sent.seq, sent.responseUrl)).body);
  }

  /** Waits for the next views.publish of this person's Home after `before` publishes, and returns the view. */
  async function nextHome(user: string, before: number): Promise<StoredView> {
    await h.emulator.waitFor(() => publishesFor(user.valueOf()).length > before, `views.publish #${before + 1} for ${user}`);
    await h.app.inbox.idle();
    return h.emulator.homeOf(user)!;
  }

  async function openHome(user = anna, opts: Parameters<SlackHarness["emulator"]["openHome"]>[2] = {}) {
    const before = publishesFor(user.id).length;
    const sent = await h.emulator.openHome(h.target, user, opts);
    expect(sent.status).toBe(200);
    return nextHome(user.id, before);
  }

  async function pressOnHome(label: string, user = anna, opts: { team?: typeof otherTeam } = {}) {
    const before = publishesFor(user.id).length;
    const sent = await h.emulator.pressInView(h.target, h.emulator.homeOf(user.id)!, label, user, opts);
    expect(sent.status).toBe(200);
    expect(sent.body).toBe("");
    return nextHome(user.id, before);
  }

  const db = () => h.app.database.prisma;

  beforeAll(async () => {
    h = await slackHarness();
    // Anna owns the workspace (first to write); invoices of 1000 USD and more wait for an approver.
    expect(await slash("/crm", "settings approval 1000 USD")).toContain("1,000.00 USD");
    await slash("/lead", "list", bob);
    // Bob's invoice waits for Anna; Anna has an overdue task and an open lead. Her zone is Asia/Tehran
    // (her Slack profile): 09:00 UTC is 12:30 there; her task is due at 13:00, and two hours go by.
    await slash("/invoice", "new Globex ; Audit 1 x 5000 USD", bob);
    expect(await slash("/invoice", "submit 1", bob)).toContain("waiting");
    expect(await slash("/task", "add Call Acme due today 13:00")).toContain("Task #1 created");
    await slash("/lead", "add Acme Corp 7000 USD");
    (h.app.clock as ReturnType<typeof fixedClock>).advance({ hours: 2 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("publishes, when Anna opens the tab, her overdue task with Done and the invoice waiting for her with Approve and Reject", async () => {
    const home = await openHome();
    expect(home.type).toBe("home");
    const text = seen(home);
    expect(text).toContain("Tasks due today and overdue");
    expect(text).toContain("#1 Call Acme");
    expect(text).toContain("(overdue)");
    // Due at 13:00 where Anna is (Asia/Tehran, from her Slack profile), shown in her zone.
    expect(text).toContain("Nov 25, 2026, 1:00 PM");
    expect(text).toContain("Invoices waiting for your approval");
    expect(text).toContain("draft 1 · Globex · 5,000.00 USD · from @bob");
    expect(text).toContain("new: 1 lead");
    expect(text).toContain("#1 Acme Corp · 7,000.00 USD");
    // An empty section says so in one line.
    expect(text).toContain("None of your invoices is overdue.");
    expect(buttonLabels(home)).toEqual(["Done", "Approve", "Reject"]);
    // The published view passed the emulator's checks (100 blocks, Block Kit limits), and its buttons are the
    // door's: signed payloads under tl.btn.<n>, each action_id once.
    const ids = home.blocks.flatMap((block: { type: string; elements?: Array<{ action_id: string }> }) =>
      block.type === "actions" ? block.elements!.map((element) => element.action_id) : [],
    );
    expect(ids).toEqual(["tl.btn.0", "tl.btn.1", "tl.btn.2"]);
  });

  it("escapes what people typed: a lead named <!channel> pings no one from the Home", async () => {
    await slash("/lead", "add <!channel> & Co 10 USD");
    const text = seen(await openHome());
    expect(text).toContain("&lt;!channel&gt; &amp; Co");
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("new: 2 leads");
  });

  it("marks the task done when Done is pressed on the Home, and the Home published again no longer lists it", async () => {
    const home = await pressOnHome("Done");
    const task = await db().task.findFirst({ where: { number: 1 }, select: { status: true, doneAt: true } });
    expect(task?.status).toBe("done");
    expect(task?.doneAt).not.toBeNull();
    expect(seen(home)).not.toContain("Call Acme");
    expect(seen(home)).toContain("Nothing due today.");
    expect(buttonLabels(home)).toEqual(["Approve", "Reject"]);
    // The press was recorded in the inbox before its ack, like every press, and is answered there.
    const deliveries = await db().inboundDelivery.findMany({ where: { request: { path: ["homeViewId"], equals: home.id } }, select: { state: true } });
    expect(deliveries).toEqual([{ state: "answered" }]);
  });

  it("approves the invoice when Approve is pressed on the Home, and it leaves the Home", async () => {
    const home = await pressOnHome("Approve");
    const invoice = await db().invoice.findFirst({ where: { draftNumber: 1 }, select: { state: true, number: true } });
    expect(invoice).toEqual({ state: "approved", number: "INV-2026-0001" });
    const round = await db().invoiceApproval.findFirst({ select: { decision: true } });
    expect(round?.decision).toBe("approved");
    expect(seen(home)).not.toContain("Globex");
    expect(seen(home)).toContain("No invoice is waiting for your approval.");
    expect(buttonLabels(home)).toEqual([]);
  });

  it("shows a refused press on the Home and sends it to the person's DM, changing nothing", async () => {
    await slash("/invoice", "new Initech ; Setup 1 x 2000 USD", bob);
    await slash("/invoice", "submit 2", bob);
    const annaHome = await openHome();
    const approve = annaHome.blocks
      .flatMap((block: { elements?: Array<{ text: { text: string }; value: string; action_id: string }> }) => block.elements ?? [])
      .find((element) => element.text.text === "Approve")!;
    // Bob (not an approver) presses Anna's Approve from his own Home, as a forged press would.
    await openHome(bob);
    const before = publishesFor(bob.id).length;
    await h.emulator.pressOnView(h.target, h.emulator.homeOf(bob.id)!, { value: approve.value, actionId: approve.action_id }, bob);
    const bobHome = await nextHome(bob.id, before);
    expect(seen(bobHome)).toContain("approve");
    expect((await db().invoice.findFirst({ where: { draftNumber: 2 }, select: { state: true } }))?.state).toBe("pending_approval");
    // Slack has no ephemeral message outside a channel: the refusal also goes to Bob's DM, as an outbox row
    // written with the press (so it is sent even if the Home publish failed).
    const rows = await db().outboxMessage.findMany({ where: { kind: "reply", platform: "slack", chatId: bob.id }, select: { payload: true } });
    const lines = rows.flatMap((row) => (row.payload as { reply: { lines?: string[] } }).reply.lines ?? []);
    expect(lines.some((line) => bobHome.blocks.some((block: { text?: { text?: string } }) => block.text?.text === line))).toBe(true);
    expect(lines.join("\n")).toContain("approve");
  });

  it("shows a person in another Slack team none of it, and refuses them a button from this team", async () => {
    // Olga has a workspace of her own, in her own team.
    const payload = { ...h.emulator.commandPayload({ command: "/lead", text: "add Olga Ltd 5 EUR", user: olga }), team_id: otherTeam.id, team_domain: otherTeam.domain };
    const sent = await h.emulator.sendCommandPayload(h.target, payload);
    expect(visible((await h.emulator.nextResponse(sent.seq, sent.responseUrl)).body)).toContain("Olga Ltd");

    const home = await openHome(olga, { team: otherTeam });
    const text = seen(home);
    expect(text).toContain("Olga Ltd");
    for (const theirs of ["Acme", "Globex", "Initech", "Call Acme", "@anna", "@bob"]) expect(text).not.toContain(theirs);
    expect(text).toContain("No invoice is waiting for your approval.");

    // Anna's Approve for Initech, replayed from Olga's Home in her team: refused, nothing decided.
    const approve = h.emulator.homeOf(anna.id)!.blocks
      .flatMap((block: { elements?: Array<{ text: { text: string }; value: string; action_id: string }> }) => block.elements ?? [])
      .find((element) => element.text.text === "Approve")!;
    const before = publishesFor(olga.id).length;
    await h.emulator.pressOnView(h.target, home, { value: approve.value, actionId: approve.action_id }, olga, { team: otherTeam });
    expect(seen(await nextHome(olga.id, before))).toContain("This button is no longer valid");
    expect((await db().invoice.findFirst({ where: { draftNumber: 2 }, select: { state: true } }))?.state).toBe("pending_approval");
  });

  it("asks for a reason when Reject is pressed on the Home, in a modal opened with the press's trigger, deciding nothing yet", async () => {
    const opens = h.emulator.callsTo("views.open").length;
    const home = await pressOnHome("Reject");
    expect((await db().invoice.findFirst({ where: { draftNumber: 2 }, select: { state: true } }))?.state).toBe("pending_approval");
    // The reason form opened as a modal; the Home still shows the request with both buttons.
    const [open] = h.emulator.callsTo("views.open").slice(opens);
    expect(JSON.stringify(open?.args.view)).toContain("Reject the invoice");
    expect(buttonLabels(home)).toEqual(["Approve", "Reject"]);
    const rows = await db().outboxMessage.findMany({ where: { kind: "reply", platform: "slack", chatId: anna.id }, select: { payload: true } });
    expect(rows.map((row) => JSON.stringify(row.payload)).join("\n")).not.toContain("could not open");
  });

  it("speaks the reader's language: Ara's Home is in Armenian", async () => {
    const ara = { id: "U0ARA", name: "ara" };
    await slash("/lead", "add Ararat LLC 100 AMD", ara);
    const text = seen(await openHome(ara));
    expect(text).toContain("Ձեր օրը Threadline-ում");
    expect(text).toContain("Ձեր բաց լիդերը");
    expect(text).toContain("Ararat LLC");
  });

  it("greets someone it does not know yet without creating anything", async () => {
    const rows = await h.rows();
    const stranger = { id: "U0NEW", name: "newcomer" };
    const home = await openHome(stranger, { team: { id: "T0NEW", domain: "newco" } });
    expect(seen(home)).toContain("Welcome to Threadline");
    expect(await h.rows()).toEqual(rows);
  });

  it("publishes once for an app_home_opened Slack sends again (X-Slack-Retry-Num), and ignores the Messages tab", async () => {
    const before = publishesFor(anna.id).length;
    await h.emulator.openHome(h.target, anna, { eventId: "EvHOMEONCE" });
    await h.emulator.waitFor(() => publishesFor(anna.id).length === before + 1);
    const retry = await h.emulator.openHome(h.target, anna, { eventId: "EvHOMEONCE", retryNum: 1, retryReason: "http_timeout" });
    expect(retry.status).toBe(200);
    const messagesTab = await h.emulator.openHome(h.target, anna, { tab: "messages" });
    expect(messagesTab.status).toBe(200);
    // Bob's open arrives after both and is worked after them (one database queue): once his Home is out,
    // a publish for Anna's retry or her Messages tab would have gone out too. Only the first one did.
    await openHome(bob);
    expect(publishesFor(anna.id)).toHaveLength(before + 1);
  });

  it("still answers Slack's url_verification challenge on the events URL", async () => {
    const sent = await h.emulator.sendRaw(h.target, JSON.stringify({ token: "t", challenge: "home-challenge-42", type: "url_verification" }), "application/json");
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("home-challenge-42");
  });

  it("refreshes a Home already shown after its owner changes something elsewhere (a command)", async () => {
    const before = publishesFor(anna.id).length;
    await slash("/task", "add Send the contract due today 23:00");
    const home = await nextHome(anna.id, before);
    expect(seen(home)).toContain("Send the contract");
  });
});
