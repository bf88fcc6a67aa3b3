import { describe, expect, it } from "vitest";
import { translator } from "../../../src/bots/render/i18n.js";

describe("the translator (ICU MessageFormat)", () => {
  const t = translator("en");

  it("says 1 day and 2 days, never 1 days", () => {
    const overdue = (days: number) =>
      t("invoice.remind.overdue", { ref: "INV-2026-0001", customer: "Acme", days, date: "Dec 9, 2026", balance: "5.00 USD" });
    expect(overdue(1)).toBe("Invoice INV-2026-0001 to Acme is 1 day overdue (due Dec 9, 2026); 5.00 USD is still owed.");
    expect(overdue(2)).toContain("is 2 days overdue");
    expect(t("invoice.due.net", { days: 1 })).toBe("1 day after issue");
    expect(t("invoice.due.net", { days: 14 })).toBe("14 days after issue");
  });

  it("counts a list with the noun agreeing, and groups a large total for the locale", () => {
    expect(t("lead.list.count", { shown: "1", total: 1 })).toBe("1 of 1 lead");
    expect(t("task.list.count", { shown: "20", total: 1234 })).toBe("20 of 1,234 tasks");
  });

  it("agrees the noun with a count of zero as English does", () => {
    expect(t("money.too_many_decimals", { currency: "JPY", digits: 0 })).toBe("JPY has 0 decimal places; the amount has more.");
    expect(t("text.too_long", { field: "name", max: 1 })).toBe("The name is too long: at most 1 character.");
  });

  it("prints a bare number as it is, an id without grouping", () => {
    expect(t("lead.created", { number: 12345 })).toBe("Lead #12345 created");
  });

  it("keeps usage words in angle brackets as text, not tags", () => {
    expect(t("invoice.draft.hint", { ref: "draft 3" })).toBe(
      "Press Submit when it looks right, or change it: /invoice edit draft 3 ; <line> ; tax <rate>% ; net <days>",
    );
  });

  it("shows a value the caller left out as its placeholder instead of failing the reply", () => {
    expect(t("lead.created")).toBe("Lead #{number} created");
  });

  it("falls back to English for a language it has no catalog for", () => {
    expect(translator("de-DE")("lead.created", { number: 3 })).toBe("Lead #3 created");
  });
});
