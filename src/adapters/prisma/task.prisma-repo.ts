import type { DateTime } from "luxon";
import type { Task, TaskStatus } from "../../domain/tasks/task.js";
import type { TaskRepo } from "../../domain/tasks/task.repo.js";
import type { Db } from "./client.js";
import { fromDb, fromDbOrNull, toDb } from "./dates.js";
import { activityTimeline, recordActivity } from "./activity.prisma-repo.js";
import { cancelPending, enqueue } from "./outbox.prisma-repo.js";
import { atomic, reader, inParallel } from "./tx.js";
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

export function prismaTaskRepo(db: Db): TaskRepo {
  return {
    async create(workspaceId, input, now, reminder) {
      return atomic(db, async (tx) => {
        // The row lock on the workspace serialises concurrent creates, so numbers have no gaps or twins.
        const { taskSeq } = await tx.workspace.update({
          where: { id: workspaceId },
          data: { taskSeq: { increment: 1 } },
          select: { taskSeq: true },
        });
        const row = await tx.task.create({
          data: {
            workspaceId,
            number: taskSeq,
            title: input.title,
            assigneeId: input.assigneeId,
            creatorId: input.creatorId,
            leadId: input.leadId,
            dueAt: input.dueAt ? toDb(input.dueAt) : null,
            createdAt: toDb(now),
            updatedAt: toDb(now),
          },
          select: taskSelect,
        });
        await recordActivity(tx, {
          workspaceId,
          actorId: input.creatorId,
          entity: "task",
          entityId: row.id,
          action: "task.created",
          changes: { title: [null, input.title], assignee: [null, row.assignee.handle], dueAt: [null, iso(input.dueAt)] },
          at: now,
        });
        if (reminder) await enqueue(tx, workspaceId, { ...reminder, subjectId: row.id });
        return toTask(row);
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
      return atomic(db, async (tx) => {
        const status: TaskStatus | undefined = change.status;
        // A status change needs no read first: the update below only happens from `ifStatus`. A new due time
        // records the old one.
        const before = status ? null : await tx.task.findFirst({ where: { id: taskId, workspaceId }, select: { dueAt: true, title: true } });
        // Conditional on the status we decided from: a concurrent Done waits for this row lock, then
        // finds the status changed and updates nothing.
        const { count } = await tx.task.updateMany({
          where: { id: taskId, workspaceId, status: change.ifStatus },
          data: {
            ...(status ? { status } : {}),
            ...(status === "done" ? { doneAt: toDb(now), doneById: actorId } : {}),
            ...(status === "open" ? { doneAt: null, doneById: null } : {}),
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
          const action = status === "done" ? "task.done" : status === "open" ? "task.reopened" : "task.due";
          const changes = status
            ? { status: [change.ifStatus, status] }
            : { dueAt: [before?.dueAt?.toISOString() ?? null, iso(change.dueAt ?? null)] };
          await recordActivity(tx, { workspaceId, actorId, entity: "task", entityId: taskId, action, changes, at: now });
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
