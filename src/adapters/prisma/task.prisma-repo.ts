import type { DateTime } from "luxon";
import type { Task, TaskStatus } from "../../domain/tasks/task.js";
import type { TaskReminder, TaskRepo } from "../../domain/tasks/task.repo.js";
import type { Db } from "./client.js";
import { fromDb, fromDbOrNull, toDb } from "./dates.js";
import { activityTimeline, recordActivity } from "./activity.prisma-repo.js";
import { cancelPending, enqueue } from "./outbox.prisma-repo.js";
import { Prisma } from "../../generated/prisma/client.ts";
import { numbersFor } from "./numbers.js";
import { atomic, inParallel, rawSql, reader } from "./tx.js";
import { flipArchived } from "./archive.prisma-repo.js";

const person = { select: { id: true, displayName: true, handle: true } } as const;

export const taskSelect = {
  id: true,
  workspaceId: true,
  number: true,
  title: true,
  status: true,
  dueAt: true,
  doneAt: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  assignee: { select: { id: true, displayName: true, handle: true, timezone: true } },
  creator: person,
  doneBy: person,
  lead: { select: { id: true, number: true, title: true } },
} as const;

type TaskRow = Omit<Task, "dueAt" | "doneAt" | "createdAt" | "updatedAt" | "archivedAt"> & {
  archivedAt: Date | null;
  dueAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function toTask(row: TaskRow): Task {
  return {
    ...row,
    dueAt: fromDbOrNull(row.dueAt),
    doneAt: fromDbOrNull(row.doneAt),
    createdAt: fromDb(row.createdAt),
    updatedAt: fromDb(row.updatedAt),
    archivedAt: fromDbOrNull(row.archivedAt),
  };
}

const iso = (at: DateTime | null) => at?.toUTC().toISO() ?? null;

/** A task as `readBack` reads it. */
type ReadBackRow = {
  id: string;
  number: number;
  title: string;
  status: TaskStatus;
  dueAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  assigneeId: string;
  assigneeName: string;
  assigneeHandle: string;
  assigneeTimezone: string | null;
  creatorId: string;
  creatorName: string;
  creatorHandle: string;
  doneById: string | null;
  doneByName: string | null;
  doneByHandle: string | null;
  leadId: string | null;
  leadNumber: number | null;
  leadTitle: string | null;
};

/**
 * The end of a statement that wrote a task in its CTE `u` (`RETURNING *`): the task read back with its people
 * and its lead, each joined within the workspace, as `taskSelect` reads it.
 */
const readBack = (workspaceId: string) => Prisma.sql`
  SELECT u.id, u.number, u.title, u.status::text AS status, u."dueAt", u."doneAt", u."createdAt", u."updatedAt", u."archivedAt",
         am.id AS "assigneeId", am."displayName" AS "assigneeName", am.handle AS "assigneeHandle", am.timezone AS "assigneeTimezone",
         cm.id AS "creatorId", cm."displayName" AS "creatorName", cm.handle AS "creatorHandle",
         dm.id AS "doneById", dm."displayName" AS "doneByName", dm.handle AS "doneByHandle",
         l.id AS "leadId", l.number AS "leadNumber", l.title AS "leadTitle"
  FROM u
  JOIN "Member" am ON am.id = u."assigneeId" AND am."workspaceId" = ${workspaceId}::uuid
  JOIN "Member" cm ON cm.id = u."creatorId" AND cm."workspaceId" = ${workspaceId}::uuid
  LEFT JOIN "Member" dm ON dm.id = u."doneById" AND dm."workspaceId" = ${workspaceId}::uuid
  LEFT JOIN "Lead" l ON l.id = u."leadId" AND l."workspaceId" = ${workspaceId}::uuid`;

const fromReadBack = (workspaceId: string, row: ReadBackRow): Task =>
  toTask({
    id: row.id,
    workspaceId,
    number: row.number,
    title: row.title,
    status: row.status,
    dueAt: row.dueAt,
    doneAt: row.doneAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
    assignee: { id: row.assigneeId, displayName: row.assigneeName, handle: row.assigneeHandle, timezone: row.assigneeTimezone },
    creator: { id: row.creatorId, displayName: row.creatorName, handle: row.creatorHandle },
    doneBy: row.doneById ? { id: row.doneById, displayName: row.doneByName!, handle: row.doneByHandle! } : null,
    lead: row.leadId ? { id: row.leadId, number: row.leadNumber!, title: row.leadTitle! } : null,
  });

export function prismaTaskRepo(db: Db): TaskRepo {
  /**
   * The hot path of Done and Reopen, in one statement instead of five: the status change (only from the status
   * it was decided from: a concurrent Done waits for the row lock, then finds it changed and changes nothing),
   * its activity row, the cancelled `task.due` reminder, and the task read back with its people and lead. A
   * reopened task's new reminder is its outbox row in the same transaction.
   */
  async function setStatus(workspaceId: string, taskId: string, actorId: string, from: TaskStatus, to: TaskStatus, now: DateTime, reminder: TaskReminder | null) {
    return atomic(db, async (tx) => {
      const at = toDb(now);
      const done = to === "done";
      const [row] = await rawSql<ReadBackRow>(db, Prisma.sql`
        WITH u AS (
          UPDATE "Task" SET status = ${to}::"TaskStatus", "doneAt" = ${done ? at : null}::timestamptz,
                 "doneById" = ${done ? actorId : null}::uuid, "updatedAt" = ${at}
          WHERE id = ${taskId}::uuid AND "workspaceId" = ${workspaceId}::uuid AND status = ${from}::"TaskStatus"
          RETURNING *
        ), a AS (
          INSERT INTO "Activity" (id, "workspaceId", "actorId", entity, "entityId", action, changes, at)
          SELECT gen_random_uuid(), ${workspaceId}::uuid, ${actorId}::uuid, 'task', u.id, ${done ? "task.done" : "task.reopened"},
                 jsonb_build_object('status', jsonb_build_array(${from}::text, ${to}::text)), ${at} FROM u
        ), c AS (
          UPDATE "OutboxMessage" SET state = 'cancelled'
          WHERE "workspaceId" = ${workspaceId}::uuid AND "subjectId" = ${taskId}::uuid AND state = 'pending' AND kind = 'task.due'
            AND EXISTS (SELECT 1 FROM u)
        )
        ${readBack(workspaceId)}`);
      if (!row) return null;
      if (reminder) await enqueue(tx, workspaceId, { ...reminder, subjectId: taskId });
      return fromReadBack(workspaceId, row);
    });
  }

  return {
    /**
     * The hot path of `/task add`, in one statement instead of four, as a lead's: insert the task and its
     * activity row, and read it back with its people and lead. The task's number is taken just before, apart
     * from the transaction when it can be (numbers.ts). The reminder, when there is one, is its outbox row in
     * the same transaction.
     */
    async create(workspaceId, input, now, reminder) {
      return atomic(db, async (tx) => {
        const at = toDb(now);
        const counter = Prisma.sql`UPDATE "Workspace" SET "taskSeq" = "taskSeq" + 1 WHERE id = ${workspaceId}::uuid RETURNING "taskSeq"`;
        const number = await numbersFor(db, counter);
        const [row] = await rawSql<ReadBackRow>(db, Prisma.sql`
          WITH w AS (${number}), u AS (
            INSERT INTO "Task" (id, "workspaceId", number, title, "assigneeId", "creatorId", "leadId", "dueAt", "createdAt", "updatedAt")
            SELECT gen_random_uuid(), ${workspaceId}::uuid, w."taskSeq", ${input.title}, ${input.assigneeId}::uuid, ${input.creatorId}::uuid,
                   ${input.leadId}::uuid, ${input.dueAt ? toDb(input.dueAt) : null}::timestamptz, ${at}, ${at}
            FROM w
            RETURNING *
          ), a AS (
            INSERT INTO "Activity" (id, "workspaceId", "actorId", entity, "entityId", action, changes, at)
            SELECT gen_random_uuid(), ${workspaceId}::uuid, ${input.creatorId}::uuid, 'task', u.id, 'task.created',
                   jsonb_build_object('title', jsonb_build_array(NULL, ${input.title}::text), 'assignee', jsonb_build_array(NULL, am.handle),
                                      'dueAt', jsonb_build_array(NULL, ${iso(input.dueAt)}::text)), ${at}
            FROM u JOIN "Member" am ON am.id = u."assigneeId" AND am."workspaceId" = ${workspaceId}::uuid
          )
          ${readBack(workspaceId)}`);
        const created = fromReadBack(workspaceId, row!);
        if (reminder) await enqueue(tx, workspaceId, { ...reminder, subjectId: created.id });
        return created;
      });
    },

    async byNumber(workspaceId, number) {
      const row = await reader(db).task.findUnique({ where: { workspaceId_number: { workspaceId, number } }, select: taskSelect });
      return row ? toTask(row) : null;
    },

    async byId(workspaceId, id) {
      const row = await reader(db).task.findFirst({ where: { id, workspaceId }, select: taskSelect });
      return row ? toTask(row) : null;
    },

    async list(workspaceId, filter, limit) {
      const dueAt =
        filter.dueBefore || filter.dueFrom
          ? { ...(filter.dueBefore ? { lt: toDb(filter.dueBefore) } : {}), ...(filter.dueFrom ? { gte: toDb(filter.dueFrom) } : {}) }
          : undefined;
      const where = {
        workspaceId,
        archivedAt: null,
        ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(dueAt ? { dueAt } : {}),
      };
      const [rows, total] = await inParallel(
        () => reader(db).task.findMany({
          where,
          select: taskSelect,
          orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
          take: limit,
        }),
        () => reader(db).task.count({ where }),
      );
      return { tasks: rows.map(toTask), total };
    },

    async update(workspaceId, taskId, actorId, change, now, reminder) {
      if (change.status) return setStatus(workspaceId, taskId, actorId, change.ifStatus, change.status, now, reminder);
      return atomic(db, async (tx) => {
        // The activity records what was there before.
        const before = await tx.task.findFirst({ where: { id: taskId, workspaceId }, select: { dueAt: true, title: true } });
        // Conditional on the status we decided from: a concurrent Done waits for this row lock, then
        // finds the status changed and updates nothing.
        const { count } = await tx.task.updateMany({
          where: { id: taskId, workspaceId, status: change.ifStatus },
          data: {
            ...(change.dueAt ? { dueAt: toDb(change.dueAt) } : {}),
            ...(change.title !== undefined ? { title: change.title } : {}),
            updatedAt: toDb(now),
          },
        });
        if (count === 0) return null;
        if (change.title !== undefined) {
          // A new title leaves the due time and its reminder as they are.
          const changes = { title: [before?.title ?? null, change.title] };
          await recordActivity(tx, { workspaceId, actorId, entity: "task", entityId: taskId, action: "task.edited", changes, at: now });
        } else {
          const changes = { dueAt: [before?.dueAt?.toISOString() ?? null, iso(change.dueAt ?? null)] };
          await recordActivity(tx, { workspaceId, actorId, entity: "task", entityId: taskId, action: "task.due", changes, at: now });
          await cancelPending(tx, workspaceId, taskId, ["task.due"]);
          if (reminder) await enqueue(tx, workspaceId, { ...reminder, subjectId: taskId });
        }
        return toTask(await tx.task.findFirstOrThrow({ where: { id: taskId, workspaceId }, select: taskSelect }));
      });
    },

    async setArchived(workspaceId, taskId, actorId, { archived, reminder }, now) {
      return atomic(db, async (tx) => {
        // Cancelled with the archive, as Done cancels it; Undo schedules it again.
        const flipped = await flipArchived(tx, { entity: "task", workspaceId, id: taskId, reminderKinds: ["task.due"] }, { actorId, archived, reminder, now });
        return flipped ? toTask(await tx.task.findFirstOrThrow({ where: { id: taskId, workspaceId }, select: taskSelect })) : null;
      });
    },

    history: (workspaceId, taskId, limit) => activityTimeline(db, workspaceId, "task", taskId, limit),
  };
}
