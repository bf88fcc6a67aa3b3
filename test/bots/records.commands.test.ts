import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import type { PressResult } from "../../src/bots/commands/actions.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

// Bidi isolation marks (and RLM) that right-to-left replies carry around Latin tokens.
const plain = (text: string) => text.replace(/[\u200f\u2066-\u2069]/g, "");

describe(`lead and task cards, edit, archive, contacts (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anna = consoleCaller("anna");
  const bob = consoleCaller("bob");
  const ask = (line: string, who = anna) => app.dispatcher.handle(line, who);
  const say = async (line: string, who = anna) => plain(toPlainText(await ask(line, who)));
  const buttonOf = (reply: Reply | PressResult, label: string | RegExp) => {
    const actions = "kind" in reply ? (reply.kind === "alert" ? [] : reply.reply.actions) : reply.actions;
    const found = (actions ?? []).find((action) => (typeof label === "string" ? action.label === label : label.test(action.label)));
    if (!found) throw new Error(`no button ${label} in ${JSON.stringify(actions?.map((action) => action.label))}`);
    return found.id;
  };
  const press = (payload: string, who = anna) => app.dispatcher.press(payload, who);
  const edited = (result: PressResult) => {
    if (result.kind !== "edit") throw new Error(`expected an edit, got ${result.kind === "alert" ? result.text : toPlainText(result.reply)}`);
    return plain(toPlainText(result.reply));
  };
  /** A press answered with a new message: a form's question. */
  const asked = (result: PressResult) => {
    if (result.kind !== "reply") throw new Error(`expected a form's question, got ${result.kind === "alert" ? result.text : toPlainText(result.reply)}`);
    return plain(toPlainText(result.reply));
  };
  const answer = async (text: string, who = anna) => plain(toPlainText((await app.dispatcher.answer(text, who))!));
  const alerted = (result: PressResult) => {
    if (result.kind !== "alert") throw new Error(`expected an alert, got ${toPlainText(result.reply)}`);
    return plain(result.text);
  };
  const reminders = async (subjectId: string, kind: string) =>
    app.database.prisma.outboxMessage.findMany({ where: { subjectId, kind }, select: { state: true }, orderBy: { createdAt: "asc" } });
  // Other chat spaces (Dara's, Aram's) are other workspaces with a lead #1 of their own: find Anna's by its name too.
  const leadId = async (number: number, title: string) =>
    (await app.database.prisma.lead.findFirstOrThrow({ where: { number, title }, select: { id: true } })).id;

  beforeAll(async () => {
    app = await testApp({ clock });
    await say("/crm help"); // anna first: the workspace's owner
    await say("/crm help", bob); // bob: a member
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers /lead add with a card: Stage ▸, Assign to me, Add task, Note, Edit, Archive", async () => {
    const added = await ask("/lead add Acme 5000 USD");
    expect(added.actions?.map((action) => action.label)).toEqual(["Stage ▸ contacted", "Assign to me", "Add task", "Note", "Edit", "Archive"]);
    // Note and Add task ask for their text with a form about this lead.
    expect(asked(await press(buttonOf(added, "Note")))).toContain("Note on the lead: 1 of 1");
    expect(await answer("Called Sara")).toContain("Note added to lead #1");
    expect(asked(await press(buttonOf(added, "Add task")))).toContain("What needs doing?");
    expect(await say("/cancel")).toContain("Cancelled");
  });

  it("edits name and value from the card's Edit button, and the timeline shows before → after", async () => {
    const card = await ask("/lead show 1");
    const which = await press(buttonOf(card, "Edit"));
    expect(asked(which)).toContain("What to change?");
    clock.advance({ minutes: 1 });
    expect(asked(await press(buttonOf(which, "Name")))).toContain("New value (off clears it)?");
    expect(await answer("Acme Corp")).toContain("Lead #1: Name changed");
    clock.advance({ minutes: 1 });
    const again = await press(buttonOf(await ask("/lead show 1"), "Edit"));
    await press(buttonOf(again, "Value"));
    const value = await answer("7,500 EUR");
    expect(value).toContain("Value: 7,500.00 EUR");
    await say("/lead edit 1 email ops@acme.example");
    const show = await say("/lead show 1");
    expect(show).toContain("Anna · Name: Acme → Acme Corp");
    expect(show).toContain("Anna · Value: 5,000.00 USD → 7,500.00 EUR");
    expect(show).toContain("Anna · Email: none → ops@acme.example");
    expect(show).toContain("Name: Acme Corp");
    const activity = await app.database.prisma.activity.findFirst({ where: { action: "lead.edited" }, orderBy: { at: "asc" }, select: { changes: true } });
    expect(activity?.changes).toEqual({ name: ["Acme", "Acme Corp"] });
  });

  it("refuses an edit with a bad value or field, and one that changes nothing", async () => {
    expect(await say("/lead edit 1 value 5k")).toContain("is not an amount");
    expect(await say("/lead edit 1 colour red")).toContain("a field to change: name, value, email or phone");
    expect(await say("/lead edit 1 email not-an-email")).toContain("Usage: /lead edit");
    expect(await say("/lead edit 1 name Acme Corp")).toContain("Lead #1 already has that name.");
  });

  it("shows the edit in Persian and Armenian timelines", async () => {
    const dara = consoleCaller("dara", "tehran");
    await say("/crm me language fa", dara);
    await say("/lead add شرکت آریا 100 USD", dara);
    await say("/lead edit 1 name شرکت آریا پارس", dara);
    expect(await say("/lead show 1", dara)).toContain("نام: شرکت آریا ← شرکت آریا پارس");
    const aram = consoleCaller("aram", "yerevan");
    await say("/crm me language hy", aram);
    await say("/lead add Ararat 100 USD", aram);
    await say("/lead edit 1 name Ararat LLC", aram);
    expect(await say("/lead show 1", aram)).toContain("Անուն՝ Ararat → Ararat LLC");
  });

  it("moves the lead one stage on with Stage ▸ and takes it with Assign to me, as the permission table allows", async () => {
    const card = await ask("/lead show 1");
    const moved = edited(await press(buttonOf(card, "Stage ▸ contacted")));
    expect(moved).toContain("Lead #1 moved to contacted");
    // The old card's button names the stage it moves to: pressed again, it does not skip one.
    expect(alerted(await press(buttonOf(card, "Stage ▸ contacted")))).toContain("already at stage contacted");
    // Bob is a member, not the owner: the table refuses him, and Anna (the workspace owner) may.
    expect(alerted(await press(buttonOf(card, "Assign to me"), bob))).toContain("Only the lead's owner (@anna) or an admin can hand over lead #1");
    await say("/lead assign 1 @bob");
    expect(edited(await press(buttonOf(card, "Assign to me")))).toContain("Lead #1 is now owned by @anna");
  });

  it("archives a lead with Undo: out of lists and find, follow-up cancelled; Undo within 10 minutes brings both back", async () => {
    expect(await say("/lead followup 1 tomorrow 10:00")).toContain("Follow-up on lead #1");
    const id = await leadId(1, "Acme Corp");
    expect(await reminders(id, "lead.followup")).toEqual([{ state: "pending" }]);
    const archived = await ask("/lead archive 1");
    expect(toPlainText(archived)).toContain("Lead #1 (Acme Corp) archived. You can undo it for 10 minutes.");
    expect(await say("/lead list all")).not.toContain("#1 Acme Corp");
    expect(await say("/lead find acme")).toContain("No lead matches");
    expect(await reminders(id, "lead.followup")).toEqual([{ state: "cancelled" }]);
    expect(await say("/lead show 1")).toContain("Archived:");
    expect(await say("/lead note 1 hello")).toContain("Lead #1 is archived.");

    clock.advance({ minutes: 9 });
    const undone = edited(await press(buttonOf(archived, "Undo")));
    expect(undone).toContain("Lead #1 is back.");
    expect(await say("/lead list")).toContain("#1 Acme Corp");
    expect(await reminders(id, "lead.followup")).toEqual([{ state: "cancelled" }, { state: "pending" }]);
    const show = await say("/lead show 1");
    expect(show).toContain("Anna archived it");
    expect(show).toContain("Anna brought it back from the archive");
  });

  it("refuses Undo 11 minutes after archiving, and the lead stays archived", async () => {
    const archived = await ask("/lead archive 1");
    clock.advance({ minutes: 11 });
    expect(alerted(await press(buttonOf(archived, "Undo")))).toBe("Too late to undo: Undo works for 10 minutes after archiving.");
    expect(await say("/lead list all")).not.toContain("#1 Acme Corp");
  });

  it("refuses Archive pressed by a member who may not archive the lead, and changes nothing", async () => {
    const card = await ask("/lead add Initech 900 USD");
    const refused = alerted(await press(buttonOf(card, "Archive"), bob));
    expect(refused).toBe("Only the lead's owner (@anna) or an admin can archive lead #2.");
    expect(await say("/lead list")).toContain("#2 Initech");
    expect(alerted(await press(buttonOf(card, "Edit"), bob))).toBe("Only the lead's owner (@anna) or an admin can edit lead #2.");
    // A member archives the lead they own.
    const own = await ask("/lead add Hooli 50 USD", bob);
    expect(edited(await press(buttonOf(own, "Archive"), bob))).toContain("Lead #3 (Hooli) archived.");
  });

  it("warns of a near-duplicate on /lead add, still creates the lead, and opens the look-alike from its button", async () => {
    const added = await ask("/lead add initech");
    const text = toPlainText(added);
    expect(text).toContain("Lead #4 created");
    expect(text).toContain("Initech (#2) looks like the same client.");
    const opened = edited(await press(buttonOf(added, "Open #2")));
    expect(opened).toContain("#2 Initech");
    expect(opened).toContain("Timeline");
    // No warning for a name like nothing else.
    expect((await ask("/lead add Vandelay Industries")).lines).toBeUndefined();
  });

  it("warns for 'acme corp' after 'Acme Corp', and for a Persian name typed with Arabic yeh and kaf", async () => {
    await say("/lead add Acme Corp 10 USD"); // #6, while #1 Acme Corp is archived: #6 is the one in use
    expect(toPlainText(await ask("/lead add acme corp"))).toContain("Acme Corp (#6) looks like the same client.");
    await say("/lead add شرکت نوآوران");
    const persian = toPlainText(await ask("/lead add شركت نوآوران"));
    expect(persian).toMatch(/شرکت نوآوران \(#8\) looks like the same client\./);
  });

  it("edits a task's title and due time from its card, and archives it with its reminder from there", async () => {
    await say("/task add Call Acme due tomorrow 15:00");
    const card = await ask("/task show 1");
    expect(card.actions?.map((action) => action.label)).toEqual(["Done", "Snooze 1 day", "Edit", "Archive"]);
    // Edit asks which field with a button, then the new value: the same as /task edit 1 title Call Acme Corp.
    const which = await press(buttonOf(card, "Edit"));
    expect(asked(which)).toContain("Edit the task: 1 of 2");
    expect(asked(await press(buttonOf(which, "Task")))).toContain("New value (off clears it)? For example: tomorrow 15:00");
    expect(await answer("Call Acme Corp")).toContain("Task #1: Task changed");
    expect(await say("/task edit 1 due fri 10:00")).toMatch(/Due: Nov 27, 2026, 10:00\sAM/);
    expect(await say("/task show 1")).toContain("Anna · Task: Call Acme → Call Acme Corp");
    const id = (await app.database.prisma.task.findFirstOrThrow({ where: { number: 1 }, select: { id: true } })).id;
    expect((await reminders(id, "task.due")).at(-1)).toEqual({ state: "pending" });

    const archived = edited(await press(buttonOf(card, "Archive")));
    expect(archived).toContain("Task #1 (Call Acme Corp) archived.");
    expect(await say("/task list all")).not.toContain("Call Acme Corp");
    expect((await reminders(id, "task.due")).map((row) => row.state)).not.toContain("pending");
    expect((await ask("/task show 1")).actions).toBeUndefined();

    // Archived once: the old card's button and the command are both told so.
    expect(alerted(await press(buttonOf(card, "Archive")))).toBe("Task #1 is archived.");
    expect((await ask("/task archive 1")).lines?.[0]).toBe("Task #1 is archived.");
  });

  it("restores an archived task with Undo within 10 minutes, with its reminder", async () => {
    await say("/task add Send quote due tomorrow 11:00");
    const archived = await ask("/task archive 2");
    const id = (await app.database.prisma.task.findFirstOrThrow({ where: { number: 2 }, select: { id: true } })).id;
    clock.advance({ minutes: 10 });
    expect(edited(await press(buttonOf(archived, "Undo")))).toContain("Task #2 is back.");
    expect(await say("/task list all")).toContain("#2 Send quote");
    expect(await reminders(id, "task.due")).toEqual([{ state: "cancelled" }, { state: "pending" }]);
  });

  it("snoozes a task a day and marks it done from its card", async () => {
    await say("/task add Ship it due tomorrow 09:00");
    const card = await ask("/task show 3");
    expect(edited(await press(buttonOf(card, "Snooze 1 day")))).toContain("Task #3 now due");
    expect(edited(await press(buttonOf(card, "Done")))).toContain("Task #3 done");
    expect(alerted(await press(buttonOf(card, "Done"), bob))).toContain("Only the assignee (@anna)");
  });

  it("lists contacts with their reach and open leads, and shows one by number or name with its leads", async () => {
    const list = await say("/contact list");
    expect(list).toContain("Contacts");
    // Lead #1 was renamed from "Acme": its contact keeps the name, the email it was given, and no open lead now
    // that #1 is archived. Two "acme corp" leads share the contact "Acme Corp"; "initech" is Initech's second.
    expect(list).toContain("#1 Acme · ops@acme.example · no open leads");
    expect(list).toMatch(/#\d+ Acme Corp · no email or phone · 2 open leads/);
    expect(list).toMatch(/#\d+ Initech · no email or phone · 2 open leads/);
    expect(list).toMatch(/#\d+ Hooli · no email or phone · no open leads/);
    expect(list).toMatch(/7 of 7 contacts$/);
    const byName = await ask("/contact show acme corp");
    const text = toPlainText(byName);
    expect(text).toMatch(/Contact #\d+ Acme Corp/);
    expect(text).toContain("#6 Acme Corp");
    expect(text).not.toContain("#1 Acme Corp"); // archived
    const number = /Contact #(\d+)/.exec(text)![1]!;
    expect(toPlainText(await ask(`/contact show ${number}`))).toContain("#6 Acme Corp");
    expect(edited(await press(buttonOf(byName, "Open #6")))).toContain("#6 Acme Corp");
    expect(await say("/contact show 999")).toContain("There is no contact #999");
    expect(await say("/contact show nobody-like-this")).toContain('No contact is called "nobody-like-this"');
  });

  it("lists the new commands in /crm help", async () => {
    const help = await say("/crm help");
    for (const usage of ["/lead edit <id>", "/lead archive <id>", "/task edit <id>", "/task archive <id>", "/contact list", "/contact show <id|name>"]) {
      expect(help).toContain(usage);
    }
  });
});
