import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { composeFor } from "../support/reminders.js";

// ICU puts a narrow no-break space before AM/PM in some zones' formats; the assertions use a plain one.
const toText = (reply: Reply) => toPlainText(reply).replace(/\u202f/g, " ");

describe(`task reminders, their buttons and lead follow-ups (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z"); // Wed; 12:30 in Tehran
  const anna = consoleCaller("anna"); // owner, UTC
  const bob = consoleCaller("bob"); // member, Tehran
  const carol = consoleCaller("carol"); // member
  const say = async (line: string, who = anna) => toText(await app.dispatcher.handle(line, who));
  const db = () => app.database.prisma;
  const task = (number: number) => db().task.findFirstOrThrow({ where: { number } });
  const rows = (subjectId: string, kind: string) => db().outboxMessage.findMany({ where: { subjectId, kind }, orderBy: { dueAt: "asc" } });
  const pendingRow = async (subjectId: string, kind = "task.due") => {
    const pending = (await rows(subjectId, kind)).filter((row) => row.state === "pending");
    expect(pending).toHaveLength(1);
    return pending[0]!;
  };
  const buttonsOf = (reply: Reply | null) => reply?.actions ?? [];
  const press = (reply: Reply | null, label: string, who: typeof anna) => {
    const action = buttonsOf(reply).find((candidate) => candidate.label === label);
    if (!action) throw new Error(`no ${label} button`);
    return app.dispatcher.press(action.id, who);
  };

  beforeAll(async () => {
    app = await testApp({ clock });
    await say("/lead add Acme Corp 5000 USD", anna);
    await say("/crm me timezone Asia/Tehran", bob);
    await say("/task list", carol);
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("the task.due composer", () => {
    it("shows the title, the due time in the recipient's zone, the lead, who asked, and three buttons", async () => {
      await say("/task add Send proposal @bob lead:1 due tomorrow 15:00");
      const row = await pendingRow((await task(1)).id);
      const reminder = await composeFor(app, row, bob);
      const text = toText(reminder!);
      expect(text).toContain("Reminder: task #1");
      expect(text).toContain("Task: Send proposal");
      expect(text).toContain("Due: Nov 26, 2026, 3:00 PM"); // Bob's Tehran time
      expect(text).toContain("Lead: #1 Acme Corp");
      expect(text).toContain("Created by: @anna");
      expect(text).not.toContain("Late");
      expect(buttonsOf(reminder).map((button) => button.label)).toEqual(["Done", "Snooze 1h", "Tomorrow"]);
      for (const button of buttonsOf(reminder)) {
        expect(button.id).toMatch(/^task\.(done|snooze1h|tomorrow):[0-9a-f-]{36}:[\w-]{10}$/);
        expect(Buffer.byteLength(button.id)).toBeLessThanOrEqual(64);
      }
    });

    it("says so when the reminder comes late", async () => {
      const row = await pendingRow((await task(1)).id);
      expect(toText((await composeFor(app, row, bob, { late: true }))!)).toContain("Late: the bot was offline when this was due.");
    });

    it("has nothing to say once the due time moved or the task is done", async () => {
      const first = await pendingRow((await task(1)).id);
      await say("/task snooze 1 fri 10:00");
      expect(await composeFor(app, first, bob)).toBeNull();
      const second = await pendingRow((await task(1)).id);
      expect(await composeFor(app, second, bob)).not.toBeNull();
      await say("/task done 1");
      expect(await composeFor(app, second, bob)).toBeNull();
    });
  });

  describe("pressing a reminder's buttons", () => {
    it("Done by the assignee completes the task and edits the message to say who and when", async () => {
      await say("/task add Call Globex @bob due in 2 hours");
      const row = await pendingRow((await task(2)).id);
      const reminder = await composeFor(app, row, bob);
      clock.advance({ minutes: 2 });
      const result = await press(reminder, "Done", bob);
      expect(result.kind).toBe("edit");
      if (result.kind !== "edit") return;
      const text = toText(result.reply);
      expect(text).toContain("Reminder: task #2");
      expect(text).toContain("Done by Bob at Nov 25, 2026, 12:32 PM"); // in Bob's zone
      expect(result.reply.actions ?? []).toEqual([]);
      expect((await task(2)).status).toBe("done");
      expect((await rows((await task(2)).id, "task.due")).map((r) => r.state)).toEqual(["cancelled"]);

      const again = await press(reminder, "Done", bob);
      expect(again).toEqual({ kind: "alert", text: "Task #2 was already done by @bob." });
      clock.set("2026-11-25T09:00:00Z");
    });

    it("refuses a press by a member who is not the assignee, the creator or an admin, and changes nothing", async () => {
      await say("/task add Bob's own task due tomorrow 11:00", bob);
      const before = await task(3);
      const row = await pendingRow(before.id);
      const reminder = await composeFor(app, row, bob);
      for (const label of ["Done", "Snooze 1h", "Tomorrow"]) {
        const result = await press(reminder, label, carol);
        expect(result).toEqual({
          kind: "alert",
          text: "Only the assignee (@bob), the task's creator or an admin can change task #3.",
        });
      }
      expect(await task(3)).toEqual(before);
      expect((await rows(before.id, "task.due")).map((r) => [r.id, r.state])).toEqual([[row.id, "pending"]]);
    });

    it("Snooze 1h moves the due time an hour from now and replaces the reminder", async () => {
      const row = await pendingRow((await task(3)).id);
      const result = await press(await composeFor(app, row, bob), "Snooze 1h", bob);
      expect(result.kind).toBe("edit");
      if (result.kind === "edit") expect(toText(result.reply)).toContain("Snoozed to Nov 25, 2026, 1:30 PM by Bob");
      expect((await task(3)).dueAt?.toISOString()).toBe("2026-11-25T10:00:00.000Z");
      const next = await pendingRow((await task(3)).id);
      expect(next.id).not.toBe(row.id);
      expect(next.dueAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    });

    it("Tomorrow moves the task to 09:00 tomorrow in the assignee's zone, whoever presses", async () => {
      const row = await pendingRow((await task(3)).id);
      // Anna (UTC) is an owner: allowed, and "tomorrow" is still Bob's Tehran morning.
      const result = await press(await composeFor(app, row, bob), "Tomorrow", anna);
      expect(result.kind).toBe("edit");
      if (result.kind === "edit") expect(toText(result.reply)).toContain("by Anna");
      expect((await task(3)).dueAt?.toISOString()).toBe("2026-11-26T05:30:00.000Z");
      expect((await pendingRow((await task(3)).id)).dueAt.toISOString()).toBe("2026-11-26T05:30:00.000Z");
    });

    it("refuses a forged payload and a payload from another workspace", async () => {
      const row = await pendingRow((await task(3)).id);
      const done = buttonsOf(await composeFor(app, row, bob))[0]!;
      const forged = done.id.replace(/:[\w-]{10}$/, ":AAAAAAAAAA");
      expect(await app.dispatcher.press(forged, bob)).toEqual({ kind: "alert", text: expect.stringContaining("no longer valid") });
      const stranger = consoleCaller("zoe", "elsewhere");
      expect(await app.dispatcher.press(done.id, stranger)).toEqual({ kind: "alert", text: expect.stringContaining("no longer valid") });
      expect((await task(3)).status).toBe("open");
    });
  });

  describe("lead follow-ups", () => {
    it("sets the follow-up in the owner's zone and reminds the owner, replacing an earlier reminder", async () => {
      await say("/lead assign 1 @bob");
      const text = await say("/lead followup 1 tomorrow 10:00");
      expect(text).toContain("Follow-up on lead #1 set for Nov 26, 2026, 6:30 AM; @bob will be reminded."); // Anna reads UTC
      const lead = await db().lead.findFirstOrThrow({ where: { number: 1 } });
      expect(lead.nextFollowUpAt?.toISOString()).toBe("2026-11-26T06:30:00.000Z"); // 10:00 in Tehran
      const first = await pendingRow(lead.id, "lead.followup");
      expect(first.recipientId).toBe(lead.ownerId);
      expect(first.payload).toEqual({ dueAt: "2026-11-26T06:30:00.000Z", fallback: { platform: "console", chatId: "local" } });

      await say("/lead followup 1 fri 10:00");
      const second = await pendingRow(lead.id, "lead.followup");
      expect(second.dueAt.toISOString()).toBe("2026-11-27T06:30:00.000Z");
      expect((await rows(lead.id, "lead.followup")).find((row) => row.id === first.id)?.state).toBe("cancelled");
      expect(await say("/lead show 1")).toContain("Next follow-up: Nov 27, 2026");
    });

    it("composes the follow-up for the owner, and nothing once the lead is closed or the time moved", async () => {
      const lead = await db().lead.findFirstOrThrow({ where: { number: 1 } });
      const row = await pendingRow(lead.id, "lead.followup");
      const text = toText((await composeFor(app, row, bob))!);
      expect(text).toContain("Follow up: lead #1");
      expect(text).toContain("Lead: Acme Corp");
      expect(text).toContain("Planned for: Nov 27, 2026, 10:00 AM");
      expect(text).toContain("/lead note 1 <text>");

      await say("/lead stage 1 won");
      expect(await composeFor(app, row, bob)).toBeNull();
      await say("/lead stage 1 proposal");
      await say("/lead followup 1 in 3 days");
      expect(await composeFor(app, row, bob)).toBeNull();
    });

    it("clears a follow-up and its reminder with off", async () => {
      const lead = await db().lead.findFirstOrThrow({ where: { number: 1 } });
      expect(await say("/lead followup 1 off")).toContain("Follow-up on lead #1 cleared.");
      expect((await db().lead.findFirstOrThrow({ where: { number: 1 } })).nextFollowUpAt).toBeNull();
      expect((await rows(lead.id, "lead.followup")).filter((row) => row.state === "pending")).toEqual([]);
    });

    it("refuses an unreadable or past time and an unknown lead, writing nothing", async () => {
      const counts = () => Promise.all([db().outboxMessage.count(), db().activity.count()]);
      const before = await counts();
      expect(await say("/lead followup 1 someday")).toContain("I can't read \"someday\"");
      expect(await say("/lead followup 1 2026-01-01 10:00")).toContain("has already passed");
      expect(await say("/lead followup 42 tomorrow")).toContain("There is no lead #42");
      expect(await say("/lead followup 1")).toContain("Usage: /lead followup <id> <when|off>");
      expect(await counts()).toEqual(before);
    });
  });
});
