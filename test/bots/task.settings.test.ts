import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { composeFor } from "../support/reminders.js";

// ICU may put a narrow no-break space before AM/PM; the assertions use a plain one.
const toText = (reply: Reply) => toPlainText(reply).replace(/\u202f/g, " ");

describe(`settings and daily digests (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z"); // Wed
  const anna = consoleCaller("anna"); // owner
  const bob = consoleCaller("bob"); // member, Tehran
  const carol = consoleCaller("carol"); // member with nothing to do
  const say = async (line: string, who = anna) => toText(await app.dispatcher.handle(line, who));
  const db = () => app.database.prisma;
  const memberId = async (handle: string) => (await db().member.findFirstOrThrow({ where: { handle } })).id;
  /** The due times of a member's pending digest rows. */
  const digests = async (handle: string) =>
    (
      await db().outboxMessage.findMany({
        where: { kind: "digest", state: "pending", recipientId: await memberId(handle) },
        orderBy: { dueAt: "asc" },
      })
    ).map((row) => row.dueAt.toISOString());
  const settingsJson = async () => (await db().workspace.findFirstOrThrow({ select: { id: true, settings: true, timezone: true } }));

  beforeAll(async () => {
    app = await testApp({ clock });
    await say("/task list", anna);
    await say("/task list", bob);
    await say("/crm me timezone Asia/Tehran", bob);
    await say("/task list", carol);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("plans exactly one digest per member from their first contact, at their local digest time", async () => {
    expect(await digests("anna")).toEqual(["2026-11-26T09:00:00.000Z"]); // Thu 09:00 UTC (09:00 today has passed)
    expect(await digests("carol")).toEqual(["2026-11-26T09:00:00.000Z"]);
    // Bob's first row was planned in UTC; his own zone replaced it with Thu 09:00 in Tehran.
    expect(await digests("bob")).toEqual(["2026-11-26T05:30:00.000Z"]);
    await say("/task list", bob);
    expect(await digests("bob")).toEqual(["2026-11-26T05:30:00.000Z"]);
  });

  it("shows the settings with their defaults", async () => {
    const text = await say("/crm settings");
    expect(text).toContain("Workspace time zone: UTC");
    expect(text).toContain("Your time zone: the workspace's (UTC)");
    expect(text).toContain("Working days: mon-fri");
    expect(text).toContain("Daily digest: 09:00 on working days");
    expect(text).toContain("Task reminders: at the due time");
    expect(text).toContain("Stale leads: listed in the digest after 14 days untouched");
    expect(await say("/crm settings", bob)).toContain("Your time zone: Asia/Tehran");
  });

  it("refuses workspace settings from a member who is not an admin, changing nothing", async () => {
    const before = await settingsJson();
    for (const line of [
      "/crm settings timezone Asia/Tehran",
      "/crm settings workdays sat-wed",
      "/crm settings digest 07:00",
      "/crm settings leadtime 10",
      "/crm settings stale off",
    ]) {
      expect(await say(line, bob)).toContain("Only the workspace owner or an admin can change workspace settings.");
    }
    expect(await settingsJson()).toEqual(before);
    expect(await digests("bob")).toEqual(["2026-11-26T05:30:00.000Z"]);
  });

  it("re-plans every member's digest when the working days change to a Saturday-Wednesday week", async () => {
    expect(await say("/crm settings workdays sat-wed")).toContain("Working days: sat-wed.");
    // Thursday and Friday are off now: Saturday 09:00, each in their own zone.
    expect(await digests("anna")).toEqual(["2026-11-28T09:00:00.000Z"]);
    expect(await digests("bob")).toEqual(["2026-11-28T05:30:00.000Z"]);
    expect(await digests("carol")).toEqual(["2026-11-28T09:00:00.000Z"]);
  });

  it("moves digests with the digest time and cancels them all when turned off", async () => {
    expect(await say("/crm settings digest 8:30")).toContain("Daily digest at 08:30 on working days");
    expect(await digests("anna")).toEqual(["2026-11-28T08:30:00.000Z"]);
    expect(await say("/crm settings digest off")).toContain("Daily digest turned off.");
    for (const handle of ["anna", "bob", "carol"]) expect(await digests(handle)).toEqual([]);
    await say("/task list", carol); // a later contact does not bring one back while off
    expect(await digests("carol")).toEqual([]);
    await say("/crm settings digest 09:00");
    expect(await digests("bob")).toEqual(["2026-11-28T05:30:00.000Z"]);
  });

  it("moves the digests of members without a zone of their own with the workspace's zone", async () => {
    expect(await say("/crm settings timezone asia/yerevan")).toContain("Workspace time zone set to Asia/Yerevan.");
    expect(await digests("anna")).toEqual(["2026-11-28T05:00:00.000Z"]); // 09:00 in Yerevan (UTC+4)
    expect(await digests("bob")).toEqual(["2026-11-28T05:30:00.000Z"]); // still Tehran
    expect(await say("/crm me timezone default", bob)).toContain("You now follow the workspace time zone (Asia/Yerevan).");
    expect(await digests("bob")).toEqual(["2026-11-28T05:00:00.000Z"]);
    expect(await say("/crm me timezone Asia/Tehran", bob)).toContain("Your time zone is now Asia/Tehran.");
  });

  it("sends task reminders the lead time early, moving those already pending", async () => {
    await say("/task add Call Globex due tomorrow 15:00"); // 15:00 Yerevan = 11:00 UTC
    const first = await db().task.findFirstOrThrow({ where: { number: 1 } });
    const reminderOf = async (taskId: string) =>
      db().outboxMessage.findFirstOrThrow({ where: { subjectId: taskId, kind: "task.due", state: "pending" } });
    expect((await reminderOf(first.id)).dueAt.toISOString()).toBe("2026-11-26T11:00:00.000Z");

    expect(await say("/crm settings leadtime 30")).toContain("Task reminders now come 30 minutes before the due time.");
    const moved = await reminderOf(first.id);
    expect(moved.dueAt.toISOString()).toBe("2026-11-26T10:30:00.000Z");
    expect(moved.payload).toMatchObject({ dueAt: "2026-11-26T11:00:00.000Z" });

    await say("/task add Send the contract due tomorrow 16:00");
    const second = await db().task.findFirstOrThrow({ where: { number: 2 } });
    expect((await reminderOf(second.id)).dueAt.toISOString()).toBe("2026-11-26T11:30:00.000Z");
    // A task due sooner than the lead time is reminded of at once, never in the past.
    await say("/task add Quick one due in 10 minutes");
    const third = await db().task.findFirstOrThrow({ where: { number: 3 } });
    expect((await reminderOf(third.id)).dueAt.toISOString()).toBe("2026-11-25T09:00:00.000Z");
    await say("/task done 3");

    expect(await say("/crm settings leadtime 0")).toContain("Task reminders now come at the due time.");
    expect((await reminderOf(first.id)).dueAt.toISOString()).toBe("2026-11-26T11:00:00.000Z");
  });

  it.each([
    ["/crm settings workdays funday", "days such as mon-fri, sat-wed or mon,tue,thu"],
    ["/crm settings digest 25:00", "a 24-hour time such as 09:00, or off"],
    ["/crm settings leadtime soon", "a whole number of minutes"],
    ["/crm settings leadtime 99999", "The lead time is a whole number of minutes from 0 to 10080."],
    ["/crm settings stale 0", "The stale limit is a whole number of days from 1 to 365, or off."],
    ["/crm settings stale sometimes", "a whole number of days such as 14, or off"],
    ["/crm settings timezone Mars/Olympus", "\"Mars/Olympus\" is not an IANA time zone"],
    ["/crm settings timezone", "an IANA time zone such as Asia/Tehran"],
    ["/crm me timezone Tehran", "\"Tehran\" is not an IANA time zone"],
    ["/crm settings colour blue", "this command takes nothing after it"],
  ])("answers %s with one explanation and an example, changing nothing", async (line, problem) => {
    const before = await settingsJson();
    const answer = await app.dispatcher.handle(line, anna);
    const text = toText(answer);
    expect(answer.tone).toBe("error");
    expect(text).toContain(problem);
    expect(text).toMatch(/Example: \//);
    expect(await settingsJson()).toEqual(before);
  });

  describe("composing a digest", () => {
    beforeAll(async () => {
      await say("/crm settings stale 14");
      // Now Wed 13:00 in Yerevan. Anna's next digest: Saturday 09:00 Yerevan (05:00 UTC).
      await say("/task add Renew the domain due sat 12:00"); // due on digest day: "today"
      await say("/task add Book the venue @bob due fri 10:00"); // Bob's, not in Anna's digest
      await say("/lead add Fresh Prospect");
      await say("/lead followup 1 sat 11:00");
      await say("/lead add Won Deal");
      await say("/lead stage 2 won");
      await say("/lead add Dusty Deal");
      // Untouched since Nov 5 (set in the database: moving the clock back would re-plan digests).
      await db().lead.update({ where: { workspaceId_number: { workspaceId: (await settingsJson()).id, number: 3 } }, data: { updatedAt: new Date("2026-11-05T09:00:00Z") } });
      clock.set("2026-11-28T05:00:00Z"); // Sat 09:00 in Yerevan: Anna's digest is due
    });

    /** The member's digest row, claimed as the dispatcher claims it (state 'sending'). */
    async function claimDigest(handle: string) {
      const row = await db().outboxMessage.findFirstOrThrow({
        where: { kind: "digest", state: "pending", recipientId: await memberId(handle) },
      });
      return db().outboxMessage.update({ where: { id: row.id }, data: { state: "sending" } });
    }

    it("lists overdue tasks, today's, leads to follow up and stale leads, and plans the next digest", async () => {
      const row = await claimDigest("anna");
      expect(row.dueAt.toISOString()).toBe("2026-11-28T05:00:00.000Z");
      const digest = await composeFor(app, row, anna);
      const text = toText(digest!);
      expect(text).toContain("Your day, Nov 28, 2026");
      expect(text).toMatch(/Overdue\n• #1 Call Globex · Nov 26, 2026, 3:00 PM\n• #2 Send the contract/);
      expect(text).toContain("Due today\n• #4 Renew the domain · Nov 28, 2026, 12:00 PM");
      expect(text).toContain("Leads to follow up\n• lead #1 Fresh Prospect · Nov 28, 2026, 11:00 AM");
      expect(text).toContain("Leads untouched for 14+ days\n• lead #3 Dusty Deal · last touched Nov 5, 2026");
      expect(text).not.toContain("Book the venue");
      expect(text).not.toContain("Won Deal");
      expect(text).not.toContain("Quick one");
      // Saturday's digest is being sent; Sunday is a working day in a sat-wed week.
      expect(await digests("anna")).toEqual(["2026-11-29T05:00:00.000Z"]);
    });

    it("says it was late when the bot was offline", async () => {
      const row = await claimDigest("anna");
      expect(toText((await composeFor(app, row, anna, { late: true }))!)).toContain("Late: the bot was offline");
    });

    it("sends nothing to a member with nothing to do, and still plans their next digest", async () => {
      const row = await claimDigest("carol");
      expect(await composeFor(app, row, carol)).toBeNull();
      expect(await digests("carol")).toEqual(["2026-11-29T05:00:00.000Z"]); // Sunday 09:00 in Yerevan
    });
  });
});
