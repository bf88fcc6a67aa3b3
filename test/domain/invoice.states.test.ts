import { describe, expect, it } from "vitest";
import { INVOICE_EVENTS, INVOICE_STATES, MOVES, nextState, type InvoiceEvent, type InvoiceState } from "../../src/domain/invoices/invoice.states.js";
import { DomainError } from "../../src/domain/shared/errors.js";

const allowed: Array<[InvoiceState, InvoiceEvent, InvoiceState]> = [
  ["draft", "edit", "draft"],
  ["draft", "submit", "pending_approval"],
  ["draft", "approve_on_submit", "approved"],
  ["draft", "void", "void"],
  ["pending_approval", "approve", "approved"],
  ["pending_approval", "reject", "draft"],
  ["pending_approval", "void", "void"],
  ["approved", "send", "sent"],
  ["approved", "pay_part", "partially_paid"],
  ["approved", "pay_full", "paid"],
  ["approved", "void", "void"],
  ["sent", "pay_part", "partially_paid"],
  ["sent", "pay_full", "paid"],
  ["sent", "void", "void"],
  ["partially_paid", "pay_part", "partially_paid"],
  ["partially_paid", "pay_full", "paid"],
];

const isAllowed = (from: InvoiceState, event: InvoiceEvent) => allowed.some(([f, e]) => f === from && e === event);
const forbidden = INVOICE_STATES.flatMap((from) => INVOICE_EVENTS.filter((event) => !isAllowed(from, event)).map((event) => [from, event] as const));

describe("invoice state transitions", () => {
  it.each(allowed)("allows %s --%s--> %s", (from, event, to) => {
    expect(nextState(from, event)).toBe(to);
  });

  it.each(forbidden)("refuses %s --%s--> with a message naming why", (from, event) => {
    let error: unknown;
    try {
      nextState(from, event, "INV-2026-0007");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toMatch(/^invoice\.refused\./);
    expect((error as DomainError).params).toEqual({ ref: "INV-2026-0007" });
  });

  it("has exactly the listed moves, so the table and this test cannot drift apart", () => {
    const table = INVOICE_STATES.flatMap((from) => Object.entries(MOVES[from]).map(([event, to]) => [from, event, to]));
    expect(table.sort()).toEqual([...allowed].map((move) => [...move]).sort());
    expect(forbidden.length + allowed.length).toBe(INVOICE_STATES.length * INVOICE_EVENTS.length);
  });

  it("explains refusals by state: paid and void are final, drafts must be submitted, payments block voiding", () => {
    const code = (from: InvoiceState, event: InvoiceEvent) => {
      try {
        nextState(from, event);
        return null;
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(code("paid", "void")).toBe("invoice.refused.paid");
    expect(code("void", "pay_full")).toBe("invoice.refused.void");
    expect(code("draft", "send")).toBe("invoice.refused.draft");
    expect(code("pending_approval", "pay_part")).toBe("invoice.refused.pending");
    expect(code("partially_paid", "void")).toBe("invoice.refused.has_payments");
    expect(code("approved", "approve")).toBe("invoice.refused.decided");
    expect(code("sent", "send")).toBe("invoice.refused.sent_already");
    expect(code("sent", "edit")).toBe("invoice.refused.numbered");
  });
});
