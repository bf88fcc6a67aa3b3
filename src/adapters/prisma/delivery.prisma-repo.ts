import type { DateTime } from "luxon";
import type { DeliveryLog } from "../../bots/commands/delivery-log.js";
import type { Db } from "./client.js";
import { toDb } from "./dates.js";
import { atomic } from "./tx.js";

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
