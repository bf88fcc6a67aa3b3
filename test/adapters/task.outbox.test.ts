import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/prisma/client.js";
import { prismaLeadRepo } from "../../src/adapters/prisma/lead.prisma-repo.js";
import { prismaReminderRepo } from "../../src/adapters/prisma/reminder.prisma-repo.js";
import { prismaTaskRepo } from "../../src/adapters/prisma/task.prisma-repo.js";
import { engineUnderTest, testDatabase } from "../support/db.js";
import { outboxRows } from "../support/outbox.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const now = at("2026-11-25T09:00:00Z");

describe(`task and reminder repositories and the outbox (${engineUnderTest})`, () => {
  let database: Database;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let anna: string;
  const tasks = () => prismaTaskRepo(database.prisma);
  const reminders = () => prismaReminderRepo(database.prisma, prismaLeadRepo(database.prisma));
  const db = () => database.prisma;
  const taskDue = (dueAt: DateTime, recipientId: string) => ({
    kind: "task.due",
    recipientId,
    dueAt,
    payload: { dueAt: dueAt.toISO() },
  });

  beforeAll(async () => {
    database = await testDatabase();
    const build = outboxRows(database);
    workspaceId = (await build.workspace("Acme team")).id;
    otherWorkspaceId = (await build.workspace("Other team")).id;
    anna = (await build.member(workspaceId, "Anna", { role: "owner" })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it("writes the task, its activity and its reminder together", async () => {
    const dueAt = at("2026-11-26T10:00:00Z");
    const task = await tasks().create(
      workspaceId,
      { title: "Call Acme", assigneeId: anna, creatorId: anna, leadId: null, dueAt },
      now,
      taskDue(dueAt, anna),
    );
    expect(task).toMatchObject({ number: 1, status: "open", title: "Call Acme" });
    expect(await db().activity.count({ where: { entityId: task.id, action: "task.created" } })).toBe(1);
    const rows = await db().outboxMessage.findMany({ where: { subjectId: task.id } });
    expect(rows.map((row) => [row.kind, row.state, row.dueAt.toISOString()])).toEqual([["task.due", "pending", "2026-11-26T10:00:00.000Z"]]);
  });

  it("writes no task, number or activity when its reminder cannot be written", async () => {
    const before = await Promise.all([db().task.count(), db().activity.count(), db().outboxMessage.count()]);
    const dueAt = at("2026-11-26T11:00:00Z");
    // A recipient that does not exist: the reminder's insert fails inside the task's transaction.
    await expect(
      tasks().create(workspaceId, { title: "Doomed", assigneeId: anna, creatorId: anna, leadId: null, dueAt }, now, taskDue(dueAt, randomUUID())),
    ).rejects.toThrow();
    expect(await Promise.all([db().task.count(), db().activity.count(), db().outboxMessage.count()])).toEqual(before);
    const next = await tasks().create(workspaceId, { title: "Next", assigneeId: anna, creatorId: anna, leadId: null, dueAt: null }, now, null);
    // PGlite: the failed create used no number. PostgreSQL takes it apart from the transaction (numbers.ts), so
    // it stays used: a gap, never a twin.
    expect(next.number).toBe(engineUnderTest === "postgres" ? 3 : 2);
  });

  it("keeps the status and the old reminder when the new reminder cannot be written", async () => {
    const task = (await tasks().byNumber(workspaceId, 1))!;
    const later = at("2026-11-27T10:00:00Z");
    await expect(
      tasks().update(workspaceId, task.id, anna, { dueAt: later, ifStatus: "open" }, now, taskDue(later, randomUUID())),
    ).rejects.toThrow();
    expect((await tasks().byNumber(workspaceId, 1))?.dueAt?.toISO()).toBe("2026-11-26T10:00:00.000Z");
    const rows = await db().outboxMessage.findMany({ where: { subjectId: task.id } });
    expect(rows.map((row) => row.state)).toEqual(["pending"]);
  });

  it("changes a task only while it has the status the change was decided from", async () => {
    const task = (await tasks().byNumber(workspaceId, 1))!;
    expect(await tasks().update(workspaceId, task.id, anna, { status: "done", ifStatus: "open" }, now, null)).toMatchObject({ status: "done" });
    // A second Done decided from "open" (a concurrent press) changes nothing.
    expect(await tasks().update(workspaceId, task.id, anna, { status: "done", ifStatus: "open" }, now, null)).toBeNull();
    expect(await db().activity.count({ where: { entityId: task.id, action: "task.done" } })).toBe(1);
    expect((await db().outboxMessage.findMany({ where: { subjectId: task.id } })).map((row) => row.state)).toEqual(["cancelled"]);
  });

  it("never reads or changes another workspace's task", async () => {
    const task = (await tasks().byNumber(workspaceId, 1))!;
    expect(await tasks().byId(otherWorkspaceId, task.id)).toBeNull();
    expect(await tasks().byNumber(otherWorkspaceId, 1)).toBeNull();
    expect(await tasks().update(otherWorkspaceId, task.id, anna, { status: "open", ifStatus: "done" }, now, null)).toBeNull();
    expect((await tasks().byId(workspaceId, task.id))?.status).toBe("done");
    expect((await tasks().list(otherWorkspaceId, {}, 50)).total).toBe(0);
  });

  describe("ensureDigestScheduled", () => {
    const pendingDigests = async () =>
      (await db().outboxMessage.findMany({ where: { kind: "digest", state: "pending", recipientId: anna }, orderBy: { dueAt: "asc" } })).map(
        (row) => row.dueAt.toISOString(),
      );

    it("leaves exactly one pending digest however many callers ask at once", async () => {
      await Promise.all(Array.from({ length: 8 }, () => reminders().ensureDigestScheduled(workspaceId, anna, now)));
      expect(await pendingDigests()).toEqual(["2026-11-26T09:00:00.000Z"]);
    });

    it("replaces a wrongly timed row and keeps one that is due but not yet sent", async () => {
      await db().outboxMessage.updateMany({ where: { kind: "digest", state: "pending" }, data: { dueAt: new Date("2026-12-24T09:00:00Z") } });
      expect((await reminders().ensureDigestScheduled(workspaceId, anna, now))?.toISO()).toBe("2026-11-26T09:00:00.000Z");
      expect(await pendingDigests()).toEqual(["2026-11-26T09:00:00.000Z"]);
      // Thursday 09:00:30: the row is due and the dispatcher has not claimed it yet. It stays.
      const later = at("2026-11-26T09:00:30Z");
      await reminders().ensureDigestScheduled(workspaceId, anna, later);
      expect(await pendingDigests()).toEqual(["2026-11-26T09:00:00.000Z"]);
    });

    it("cancels surplus rows down to one", async () => {
      const build = outboxRows(database);
      await build.enqueue(workspaceId, { kind: "digest", subjectId: anna, recipientId: anna, dueAt: at("2026-11-26T09:00:00Z") });
      expect(await pendingDigests()).toHaveLength(2);
      await reminders().ensureDigestScheduled(workspaceId, anna, now);
      expect(await pendingDigests()).toEqual(["2026-11-26T09:00:00.000Z"]);
    });

    it("does nothing for a member of another workspace", async () => {
      expect(await reminders().ensureDigestScheduled(otherWorkspaceId, anna, now)).toBeNull();
      expect(await db().outboxMessage.count({ where: { workspaceId: otherWorkspaceId } })).toBe(0);
    });
  });
});
