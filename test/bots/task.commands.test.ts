import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

describe(`task commands (${engineUnderTest})`, () => {
  let app: App;
  // Wed 2026-11-25 09:00 UTC: 04:00 in New York, 12:30 in Tehran.
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anna = consoleCaller("anna"); // owner, New York
  const bob = consoleCaller("bob"); // member, Tehran
  const carol = consoleCaller("carol"); // member, neither assignee nor creator of anything
  // ICU may put a narrow no-break space before AM/PM; the assertions use a plain one.
  const say = async (line: string, who = anna) => toPlainText(await app.dispatcher.handle(line, who)).replace(/\u202f/g, " ");
  const db = () => app.database.prisma;
  const task = (number: number) => db().task.findFirstOrThrow({ where: { number }, include: { assignee: true } });
  const reminders = (subjectId: string) =>
    db().outboxMessage.findMany({ where: { subjectId, kind: "task.due" }, orderBy: { dueAt: "asc" } });
  const pending = async (subjectId: string) => (await reminders(subjectId)).filter((row) => row.state === "pending");

  beforeAll(async () => {
    app = await testApp({ clock });
    await say("/crm me timezone America/New_York", anna);
    await say("/crm me timezone Asia/Tehran", bob);
    await say("/task list", carol);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("adds a task for the sender with a due time and writes one task.due reminder for them", async () => {
    const text = await say("/task add Call Globex due in 2 hours");
    expect(text).toContain("Task #1 created");
    expect(text).toContain("Task: Call Globex");
    expect(text).toContain("Assignee: @anna");
    expect(text).toContain("Due: Nov 25, 2026, 6:00 AM"); // 11:00 UTC, shown in Anna's New York time
    const row = await task(1);
    expect(row.dueAt?.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    const [reminder, ...others] = await reminders(row.id);
    expect(others).toEqual([]);
    expect(reminder).toMatchObject({ state: "pending", recipientId: row.assigneeId, platform: null, chatId: null });
    expect(reminder?.dueAt.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    expect(reminder?.payload).toEqual({ dueAt: "2026-11-25T11:00:00.000Z", fallback: { platform: "console", chatId: "local" } });
  });

  it("reads the due time in the assignee's zone, not the sender's", async () => {
    const text = await say("/task add Send proposal to Acme @bob due tomorrow 9:00");
    expect(text).toContain("Task #2 created");
    expect(text).toContain("Assignee: @bob");
    const row = await task(2);
    // 09:00 in Tehran (UTC+3:30), not 09:00 in Anna's New York.
    expect(row.dueAt?.toISOString()).toBe("2026-11-26T05:30:00.000Z");
    expect(row.assignee.handle).toBe("bob");
    const [reminder] = await reminders(row.id);
    expect(reminder?.recipientId).toBe(row.assigneeId);
  });

  it("adds a task without a due time and no reminder", async () => {
    expect(await say("/task add Tidy the pipeline", bob)).toContain("Due: no due time");
    expect(await reminders((await task(3)).id)).toEqual([]);
  });

  it("ties a task to a lead with lead:<id> or /lead task", async () => {
    await say("/lead add Acme Corp 5000 USD");
    expect(await say("/task add Prepare the demo lead:1 due fri 15:00")).toContain("Lead: #1 Acme Corp");
    const text = await say("/lead task 1 Send the quote @bob due next monday");
    expect(text).toContain("Task #5 created");
    expect(text).toContain("Lead: #1 Acme Corp");
    const row = await task(5);
    expect(row.dueAt?.toISOString()).toBe("2026-11-30T05:30:00.000Z"); // Monday 09:00 in Tehran
    expect(row.leadId).not.toBeNull();
  });

  it("lists my open tasks, everyone's, the overdue and today's", async () => {
    const mine = await say("/task list");
    expect(mine).toContain("My open tasks");
    expect(mine).toContain("#1 Call Globex");
    expect(mine).toContain("#4 Prepare the demo");
    expect(mine).not.toContain("#2 Send proposal");
    expect(mine).toContain("2 of 2 tasks");

    const all = await say("/task list all");
    for (const number of [1, 2, 3, 4, 5]) expect(all).toContain(`#${number} `);
    expect(all).toContain("#5 Send the quote · Nov 30, 2026, 12:30 AM · @bob · lead #1");
    expect(all).toContain("#3 Tidy the pipeline · no due time · @bob");

    // Anna's day in New York ends at 05:00 UTC tomorrow: only task 1 (11:00 UTC today) is due today.
    const today = await say("/task list today");
    expect(today).toContain("#1 Call Globex");
    expect(today).not.toContain("#2 ");

    expect(await say("/task list overdue")).toContain("Nothing here.");
    clock.advance({ hours: 3 });
    const overdue = await say("/task list overdue");
    expect(overdue).toContain("#1 Call Globex · Nov 25, 2026, 6:00 AM (overdue) · @anna");
    expect(overdue).not.toContain("#2 ");
    clock.set("2026-11-25T09:00:00Z");
  });

  it("marks a task done, cancels its pending reminder and records who did it", async () => {
    const row = await task(4);
    expect(await pending(row.id)).toHaveLength(1);
    const text = await say("/task done 4");
    expect(text).toContain("Task #4 done");
    expect(text).toContain("Status: done");
    expect(text).toContain("Done: Nov 25, 2026, 4:00 AM by @anna");
    const after = await task(4);
    expect(after.status).toBe("done");
    expect(after.doneAt?.toISOString()).toBe("2026-11-25T09:00:00.000Z");
    expect(await pending(row.id)).toEqual([]);
    expect((await reminders(row.id)).map((r) => r.state)).toEqual(["cancelled"]);
    expect(await say("/task done 4")).toContain("Task #4 was already done by @anna");
  });

  it("snoozes a task: moves the due time and replaces its reminder, one pending row at the new time", async () => {
    const row = await task(1);
    const text = await say("/task snooze 1 tomorrow 10:00");
    expect(text).toContain("Task #1 now due Nov 26, 2026, 10:00 AM"); // Anna's own zone
    const moved = await task(1);
    expect(moved.dueAt?.toISOString()).toBe("2026-11-26T15:00:00.000Z");
    const open = await pending(row.id);
    expect(open).toHaveLength(1);
    expect(open[0]?.dueAt.toISOString()).toBe("2026-11-26T15:00:00.000Z");
    expect(open[0]?.payload).toMatchObject({ dueAt: "2026-11-26T15:00:00.000Z" });
    expect((await reminders(row.id)).filter((r) => r.state === "cancelled")).toHaveLength(1);

    expect(await say("/task snooze 1 2h")).toContain("Nov 25, 2026, 6:00 AM");
    expect(await pending(row.id)).toHaveLength(1);
    expect(await say("/task snooze 4 tomorrow")).toContain("Task #4 is done. Reopen it first");
  });

  it("reopens a done task, with a fresh reminder when its due time is still ahead", async () => {
    const row = await task(4);
    expect(await say("/task reopen 4")).toContain("Task #4 reopened");
    expect((await task(4)).status).toBe("open");
    const open = await pending(row.id);
    expect(open).toHaveLength(1);
    expect(open[0]?.dueAt.toISOString()).toBe(row.dueAt?.toISOString());
    expect(await say("/task reopen 4")).toContain("Task #4 is already open");

    // A task whose due time has passed comes back open without a reminder: it shows as overdue instead.
    await say("/task add Quick call due in 30 minutes");
    const quick = await task(6);
    await say("/task done 6");
    clock.advance({ hours: 1 });
    await say("/task reopen 6");
    expect(await pending(quick.id)).toEqual([]);
    expect(await say("/task list overdue")).toContain("#6 Quick call");
    clock.set("2026-11-25T09:00:00Z");
  });

  it("shows a task with its fields and history", async () => {
    const text = await say("/task show 4");
    expect(text).toContain("#4 Prepare the demo");
    expect(text).toContain("Lead: #1 Acme Corp");
    expect(text).toContain("History");
    expect(text).toContain("Anna created the task");
    expect(text).toContain("Anna marked it done");
    expect(text).toContain("Anna reopened it");
    expect(await say("/task show 1")).toMatch(/Anna moved the due time to Nov 2\d, 2026/);
  });

  it("lets only the assignee, the creator or an admin change a task", async () => {
    // Task 3 is Bob's own; Carol is a plain member.
    const before = await task(3);
    for (const line of ["/task done 3", "/task snooze 3 tomorrow 9:00", "/task reopen 3"]) {
      expect(await say(line, carol)).toContain("Only the assignee (@bob), the task's creator or an admin can change task #3");
    }
    expect(await task(3)).toEqual(before);
    // Anna is the owner: she may.
    expect(await say("/task done 3", anna)).toContain("Task #3 done");
    expect(await say("/task reopen 3", bob)).toContain("Task #3 reopened");
  });

  it.each([
    ["/task add @bob due tomorrow", "the task needs a title"],
    ["/task add Call Acme due", "say when after \"due\""],
    ["/task add Call Acme @anna @bob", "name at most one member"],
    ["/task add Call Acme lead:abc", "lead:<number>"],
    ["/task add Call Acme due whenever", "I can't read \"whenever\" as a time. Try: in 2 hours, today 17:00"],
    ["/task add Call Acme due tomorrow 9:00 please", "I read \"tomorrow 9:00\" as a time, but not \"please\""],
    ["/task add Call Acme due 2026-01-05 10:00", "has already passed"],
    ["/task add Call Acme due today 3:00", "It's already past 03:00 today. Did you mean tomorrow 03:00?"],
    ["/task add Call Acme @nobody due tomorrow", "No member here is called @nobody"],
    ["/task add Call Acme lead:99", "There is no lead #99"],
    ["/lead task 99 Call them", "There is no lead #99"],
    ["/task done 999", "There is no task #999"],
    ["/task done abc", "a task number such as 7"],
    ["/task snooze 1", "say when"],
    ["/task snooze 1 someday", "I can't read \"someday\""],
    ["/task list someday", "mine, all, overdue, today or week"],
    ["/task show", "Usage: /task show <id>"],
  ])("answers %s with one explanation and an example, writing nothing", async (line, problem) => {
    const counts = () => Promise.all([db().task.count(), db().outboxMessage.count(), db().activity.count()]);
    const before = await counts();
    const answer = await app.dispatcher.handle(line, anna);
    const text = toPlainText(answer);
    expect(answer.tone).toBe("error");
    expect(text).toContain(problem);
    expect(text).toMatch(/Example: \//);
    expect(text).not.toMatch(/at \S+\.ts|Error:/);
    expect(await counts()).toEqual(before);
  });

  it("numbers tasks per workspace", async () => {
    const stranger = consoleCaller("zoe", "elsewhere");
    expect(await say("/task add Other team's task", stranger)).toContain("Task #1 created");
    expect(await say("/task show 2", stranger)).toContain("There is no task #2");
  });

  it("lists the task commands in /crm help", async () => {
    const text = await say("/crm help");
    expect(text).toContain("/task add <title> [@member] [lead:<id>] [due <when>]");
    expect(text).toContain("/task snooze <id> <when|duration>");
    expect(text).toContain("/lead followup <id> <when|off>");
    expect(text).toContain("/crm settings digest <HH:MM|off>");
  });
});
