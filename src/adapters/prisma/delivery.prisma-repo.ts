import type { DateTime } from "luxon";
import type { Db } from "./client.js";
import { toDb } from "./dates.js";
import { atomic } from "./tx.js";

export type DeliveryLog = {
  /**
   * Runs `work` once per delivery key. The key is recorded in the same transaction as the work's writes,
   * so either both happen or neither; a repeat (a platform retry, a redelivered update) gets the answer
   * the first one got. On PostgreSQL a repeat that arrives while the first is in flight waits on the key's
   * unique index and then reads the first one's answer.
   */
  once<T>(key: string, workspaceId: string, now: DateTime, work: () => Promise<T>): Promise<{ value: T; duplicate: boolean }>;
};

export function prismaDeliveryLog(db: Db): DeliveryLog {
  return {
    async once<T>(key: string, workspaceId: string, now: DateTime, work: () => Promise<T>) {
      return atomic(db, async (tx) => {
        const { count } = await tx.inboundDelivery.createMany({
          data: [{ key, workspaceId, receivedAt: toDb(now) }],
          skipDuplicates: true,
        });
        if (count === 0) {
          const first = await tx.inboundDelivery.findUnique({ where: { key }, select: { reply: true } });
          return { value: first?.reply as T, duplicate: true };
        }
        const value = await work();
        await tx.inboundDelivery.update({ where: { key }, data: { reply: (value ?? null) as object } });
        return { value, duplicate: false };
      });
    },
  };
}
