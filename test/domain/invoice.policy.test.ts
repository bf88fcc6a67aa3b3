import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatInvoiceNumber, isOverdue, parseInvoiceRef } from "../../src/domain/invoices/invoice.js";
import { approvalPolicy, approversFor, decisionRefusal, needsApproval } from "../../src/domain/invoices/invoice.policy.js";
import { chaseSchedule } from "../../src/domain/invoices/invoice.schedule.js";
import { computeTotals } from "../../src/domain/invoices/invoice.totals.js";
import type { Member, Role } from "../../src/domain/members/member.js";

const member = (id: string, role: Role): Member => ({ id, workspaceId: "w", displayName: id, handle: id, role, kind: "person", timezone: null, locale: null });

describe("invoice approval policy", () => {
  it("defaults to no threshold, four-eyes off and no approvals chat, also for malformed settings", () => {
    const none = { threshold: null, fourEyes: false, approvalsChat: null };
    expect(approvalPolicy({})).toEqual(none);
    expect(approvalPolicy({ invoiceApprovalThreshold: { minor: "1000", currency: "USD" }, invoiceFourEyes: "yes" })).toEqual(none);
    expect(approvalPolicy({ invoiceApprovalThreshold: { minor: 100, currency: "XYZ" } })).toEqual(none);
  });

  it("reads a threshold, four-eyes and the approvals chat", () => {
    expect(
      approvalPolicy({
        invoiceApprovalThreshold: { minor: 100_000, currency: "USD" },
        invoiceFourEyes: true,
        invoiceApprovalsChat: { platform: "slack", chatId: "C1" },
      }),
    ).toEqual({ threshold: { minor: 100_000, currency: "USD" }, fourEyes: true, approvalsChat: { platform: "slack", chatId: "C1" } });
  });

  it("asks for approval at or above the threshold, and always for another currency", () => {
    const policy = approvalPolicy({ invoiceApprovalThreshold: { minor: 100_000, currency: "USD" } });
    expect(needsApproval(policy, { minor: 99_999, currency: "USD" })).toBe(false);
    expect(needsApproval(policy, { minor: 100_000, currency: "USD" })).toBe(true);
    expect(needsApproval(policy, { minor: 1, currency: "EUR" })).toBe(true);
    expect(needsApproval(approvalPolicy({}), { minor: 10 ** 12, currency: "USD" })).toBe(false);
  });

  it("lets approvers, admins and the owner decide, and never the creator under four-eyes", () => {
    const off = approvalPolicy({});
    const on = approvalPolicy({ invoiceFourEyes: true });
    expect(decisionRefusal(off, member("m", "member"), "x")).toBe("not_approver");
    for (const role of ["approver", "admin", "owner"] as const) expect(decisionRefusal(off, member("a", role), "a")).toBeNull();
    expect(decisionRefusal(on, member("a", "owner"), "a")).toBe("own_invoice");
    expect(decisionRefusal(on, member("a", "owner"), "b")).toBeNull();
    const everyone = [member("o", "owner"), member("a", "approver"), member("m", "member"), member("d", "admin")];
    expect(approversFor(on, everyone, "o").map((m) => m.id)).toEqual(["a", "d"]);
    expect(approversFor(off, everyone, "o").map((m) => m.id)).toEqual(["o", "a", "d"]);
  });
});

describe("invoice numbers, overdue and reminders", () => {
  it("formats and reads invoice references", () => {
    expect(formatInvoiceNumber(2026, 1)).toBe("INV-2026-0001");
    expect(formatInvoiceNumber(2026, 12345)).toBe("INV-2026-12345");
    expect(parseInvoiceRef("3")).toEqual({ kind: "draft", draftNumber: 3 });
    expect(parseInvoiceRef("draft 3")).toEqual({ kind: "draft", draftNumber: 3 });
    expect(parseInvoiceRef("#3")).toEqual({ kind: "draft", draftNumber: 3 });
    expect(parseInvoiceRef("inv-2026-7")).toEqual({ kind: "number", number: "INV-2026-0007" });
    expect(parseInvoiceRef("INV-26-7")).toBeNull();
  });

  it("derives overdue from the due date and the balance in the workspace's day", () => {
    const invoice = { state: "sent" as const, dueDate: "2026-12-09", totals: computeTotals([{ quantityMilli: 1000, unitPriceMinor: 100 }], null, []), paidMinor: 0 };
    expect(isOverdue(invoice, "2026-12-09")).toBe(false);
    expect(isOverdue(invoice, "2026-12-10")).toBe(true);
    expect(isOverdue({ ...invoice, paidMinor: 100 }, "2026-12-10")).toBe(false);
    expect(isOverdue({ ...invoice, state: "approved" }, "2026-12-10")).toBe(false);
    expect(isOverdue({ ...invoice, state: "partially_paid", paidMinor: 50 }, "2026-12-10")).toBe(true);
  });

  it("schedules the owner's reminders at 09:00 in the workspace's zone: 3 days before, on the day, then weekly", () => {
    const now = DateTime.fromISO("2026-11-25T09:00:00Z", { zone: "utc" });
    const plan = chaseSchedule("2026-12-09", "Asia/Tehran", now);
    expect(plan.slice(0, 4).map((entry) => [entry.kind, entry.at.toISO()])).toEqual([
      ["invoice.due_soon", "2026-12-06T05:30:00.000Z"],
      ["invoice.due_today", "2026-12-09T05:30:00.000Z"],
      ["invoice.overdue", "2026-12-10T05:30:00.000Z"],
      ["invoice.overdue", "2026-12-17T05:30:00.000Z"],
    ]);
    expect(plan.filter((entry) => entry.kind === "invoice.overdue")).toHaveLength(12);
    // Sent the day before it is due: no "due in 3 days" from the past.
    const late = chaseSchedule("2026-11-26", "UTC", now);
    expect(late[0]!.kind).toBe("invoice.due_today");
  });
});
