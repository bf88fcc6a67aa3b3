import type { DateTime } from "luxon";

/** The dispatcher's port onto the record of inbound deliveries; the Prisma adapter implements it. */
export type DeliveryLog = {
  /**
   * Runs `work` once per delivery key. The key is recorded in the same transaction as the work's writes,
   * so either both happen or neither; a repeat (a platform retry, a redelivered update) gets the answer
   * the first one got. On PostgreSQL a repeat that arrives while the first is in flight waits on the key's
   * unique index and then reads the first one's answer.
   */
  once<T>(key: string, workspaceId: string, now: DateTime, work: () => Promise<T>): Promise<{ value: T; duplicate: boolean }>;
};
