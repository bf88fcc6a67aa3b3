import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatter } from "../../src/bots/render/format.js";
import { currencyWord, parseAmount, readMoney, tomanAsRials } from "../../src/domain/shared/money.js";
import { asciiDigits, asciiNumerals, LIST_SEPARATOR } from "../../src/domain/shared/numerals.js";

describe("numbers as people type them", () => {
  it("turns Persian and Arabic-Indic digits into ASCII and leaves every other character alone", () => {
    expect(asciiDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(asciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(asciiDigits("#۱۲ شرکت آرین")).toBe("#12 شرکت آرین");
    expect(asciiDigits("۴۵۰٬۰۰۰")).toBe("450٬000");
  });

  it("turns the Persian separators, percent sign and semicolon into ASCII, keeping the length", () => {
    expect(asciiNumerals("۴۵۰٬۰۰۰٬۰۰۰")).toBe("450,000,000");
    expect(asciiNumerals("۱۲٫۵")).toBe("12.5");
    expect(asciiNumerals("tax ۱۰٪")).toBe("tax 10%");
    expect(asciiNumerals("a ؛ b")).toBe("a ; b");
    const typed = "طراحی ۱۰ x ۴۵۰٬۰۰۰ IRR";
    expect(asciiNumerals(typed)).toHaveLength(typed.length);
    expect("a ؛ b ; c".split(LIST_SEPARATOR)).toEqual(["a ", " b ", " c"]);
  });

  it("reads amounts in any digit set with Persian separators", () => {
    expect(parseAmount("۴۵۰٬۰۰۰٬۰۰۰", "IRR")).toEqual({ minor: 450_000_000, currency: "IRR" });
    expect(parseAmount("٤٥٠٠٠٠٠٠٠", "IRR")).toEqual({ minor: 450_000_000, currency: "IRR" });
    expect(parseAmount("۱۲٫۵۰", "USD")).toEqual({ minor: 1250, currency: "USD" });
    expect(() => parseAmount("۱۲٫۵", "IRR")).toThrow("money.too_many_decimals");
    expect(() => parseAmount("۴۵۰٬۰۰", "IRR")).toThrow("money.bad_amount");
  });

  it("reads currencies by code in any case, and rial and toman by name in Latin or Persian letters", () => {
    expect(currencyWord("usd")).toEqual({ currency: "USD", toman: false });
    expect(currencyWord("TOMAN")).toEqual({ currency: "IRR", toman: true });
    expect(currencyWord("تومان")).toEqual({ currency: "IRR", toman: true });
    expect(currencyWord("ریال")).toEqual({ currency: "IRR", toman: false });
    expect(currencyWord("XYZ")).toBeNull();
    expect(currencyWord("Acme")).toBeNull();
  });

  it("turns tomans into rials by moving the decimal point, never through a float", () => {
    expect(tomanAsRials("۴۵۰٬۰۰۰")).toBe("4500000");
    expect(tomanAsRials("45.5")).toBe("455");
    expect(tomanAsRials("0.5")).toBe("5");
    expect(tomanAsRials("1.25")).toBe("12.5"); // then refused: IRR has no decimals
    expect(() => parseAmount(tomanAsRials("1.25"), "IRR")).toThrow("money.too_many_decimals");
  });

  it("takes the workspace's currency when an amount names none", () => {
    expect(readMoney({ amount: "5000", currency: null }, "AMD")).toEqual({ minor: 500_000, currency: "AMD" });
    expect(readMoney({ amount: "5000", currency: "USD" }, "AMD")).toEqual({ minor: 500_000, currency: "USD" });
  });
});

describe("money as people read it", () => {
  it("shows AMD and IRR without a zero fraction, as local practice writes them, and a real fraction still", () => {
    expect(formatter("hy", "Asia/Yerevan").money({ minor: 45_000_000, currency: "AMD" })).toBe("450\u00a0000 AMD");
    expect(formatter("en", "UTC").money({ minor: 45_000_050, currency: "AMD" })).toBe("450,000.50 AMD");
    expect(formatter("fa", "Asia/Tehran").money({ minor: 450_000_000, currency: "IRR" })).toBe("۴۵۰٬۰۰۰٬۰۰۰ IRR");
    expect(formatter("en", "UTC").money({ minor: 500_000, currency: "USD" })).toBe("5,000.00 USD");
  });

  it("shows rials as tomans where the workspace asks, with a tenth when the rials do not divide by ten", () => {
    const toman = formatter("fa", "Asia/Tehran", { irr: { as: "toman", label: "تومان" } });
    expect(toman.money({ minor: 450_000_000, currency: "IRR" })).toBe("۴۵٬۰۰۰٬۰۰۰ تومان");
    expect(toman.money({ minor: 5, currency: "IRR" })).toBe("۰٫۵ تومان");
    expect(toman.money({ minor: 500_000, currency: "USD" })).toBe("۵٬۰۰۰٫۰۰ USD");
    expect(formatter("en", "UTC", { irr: { as: "toman", label: "toman" } }).money({ minor: 1_234_565, currency: "IRR" })).toBe("123,456.5 toman");
  });
});

describe("dates as people read them", () => {
  it("shows Jalali dates with Persian digits on the 24-hour clock for fa, Gregorian on request", () => {
    const instant = DateTime.fromISO("2026-11-26T06:30:00Z", { zone: "utc" }); // Thu 10:00 in Tehran, 5 Azar 1405
    expect(formatter("fa", "Asia/Tehran").dateTime(instant)).toBe("۵ آذر ۱۴۰۵، ۱۰:۰۰");
    expect(formatter("fa", "Asia/Tehran", { calendar: "gregorian" }).dateTime(instant)).toBe("۲۶ نوامبر ۲۰۲۶، ۱۰:۰۰");
    expect(formatter("en", "Asia/Tehran", { calendar: "jalali" }).date(instant)).toContain("1405");
    expect(formatter("hy", "Asia/Yerevan").dateTime(instant)).toMatch(/10:30$/);
    expect(formatter("en", "Asia/Tehran").dateTime(instant)).toMatch(/10:00\sAM$/);
  });
});
