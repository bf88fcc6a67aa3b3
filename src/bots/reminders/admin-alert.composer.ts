import { DateTime } from "luxon";
import type { MessageKey } from "../render/messages.en.js";
import { reply } from "../render/reply.js";
import { defineComposer } from "./composer.js";

/** One parked message as the outbox records it in an alert's payload (see adapters/outbox/queue.ts). */
type Failure = { kind?: unknown; dueAt?: unknown; recipient?: unknown; reason?: unknown; attempts?: unknown };

const SHOWN = 5;

const kindKeys: Record<string, MessageKey> = {
  "task.due": "outbox.kind.task.due",
  "lead.followup": "outbox.kind.lead.followup",
  "lead.stale": "outbox.kind.lead.stale",
  digest: "outbox.kind.digest",
  "invoice.approval": "outbox.kind.invoice.approval",
  "invoice.due": "outbox.kind.invoice.due",
  "invoice.overdue": "outbox.kind.invoice.overdue",
  "invoice.decided": "outbox.kind.invoice.decided",
  "invoice.copy": "outbox.kind.invoice.copy",
  "invoice.pdf": "outbox.kind.invoice.pdf",
  reply: "outbox.kind.reply",
};

/**
 * "admin.alert": tells an owner or admin which messages the outbox gave up on, once per parked message
 * (failures that pile up before the alert goes out are listed in the same alert).
 */
export const adminAlertComposer = defineComposer({
  kind: "admin.alert",
  async compose(item, { t, fmt }) {
    const failed = Array.isArray(item.payload.failed) ? (item.payload.failed as Failure[]) : [];
    if (failed.length === 0) return null;
    const lines = failed.slice(0, SHOWN).map((failure) => {
      const kind = String(failure.kind ?? "");
      const due = typeof failure.dueAt === "string" ? DateTime.fromISO(failure.dueAt, { zone: "utc" }) : null;
      const reason =
        failure.reason === "permanent"
          ? t("outbox.alert.reason.permanent")
          : failure.reason === "unreachable"
            ? t("outbox.alert.reason.unreachable")
            : failure.reason === "unverified"
              ? t("outbox.alert.reason.unverified", { attempts: Number(failure.attempts ?? 0) })
              : t("outbox.alert.reason.transient", { attempts: Number(failure.attempts ?? 0) });
      return t("outbox.alert.line", {
        what: kindKeys[kind] ? t(kindKeys[kind]) : t("outbox.kind.other", { kind }),
        recipient: typeof failure.recipient === "string" ? failure.recipient : t("outbox.alert.channel"),
        due: due?.isValid ? fmt.dateTime(due) : "?",
        reason,
      });
    });
    if (failed.length > SHOWN) lines.push(t("outbox.alert.more", { count: fmt.number(failed.length - SHOWN) }));
    return { ...reply.card(t("outbox.alert.title")), lines, footer: t("outbox.alert.footer"), tone: "error" };
  },
});
