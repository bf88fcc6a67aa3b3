import { describe, expect, it } from "vitest";
import { currencyDigits, isCurrency, MAX_MINOR_UNITS, parseAmount, toDecimalString } from "../../src/domain/shared/money.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { formatter } from "../../src/bots/render/format.js";

const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return "no error";
};

describe("money", () => {
  it("knows each currency's decimals from ISO 4217", () => {
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("IRR")).toBe(0);
    expect(currencyDigits("AMD")).toBe(2);
    expect(currencyDigits("BHD")).toBe(3);
  });

  it("accepts real currency codes only", () => {
    expect(isCurrency("USD")).toBe(true);
    expect(isCurrency("IRR")).toBe(true);
    expect(isCurrency("XYZ")).toBe(false);
    expect(isCurrency("usd")).toBe(false);
  });

  it("reads amounts into integer minor units without floats", () => {
    expect(parseAmount("5000", "USD")).toEqual({ minor: 500_000, currency: "USD" });
    expect(parseAmount("5,000.5", "USD")).toEqual({ minor: 500_050, currency: "USD" });
    expect(parseAmount("0.1", "USD").minor + parseAmount("0.2", "USD").minor).toBe(30);
    expect(parseAmount("1,200,000", "IRR")).toEqual({ minor: 1_200_000, currency: "IRR" });
    expect(parseAmount("1.234", "BHD")).toEqual({ minor: 1234, currency: "BHD" });
  });

  it("refuses what it cannot read exactly", () => {
    expect(codeOf(() => parseAmount("12.5", "JPY"))).toBe("money.too_many_decimals");
    expect(codeOf(() => parseAmount("1.005", "USD"))).toBe("money.too_many_decimals");
    expect(codeOf(() => parseAmount("-5", "USD"))).toBe("money.bad_amount");
    expect(codeOf(() => parseAmount("5e3", "USD"))).toBe("money.bad_amount");
    expect(codeOf(() => parseAmount("1,00", "USD"))).toBe("money.bad_amount");
    expect(codeOf(() => parseAmount("99999999999999999999", "USD"))).toBe("money.too_large");
    expect(codeOf(() => parseAmount(String(MAX_MINOR_UNITS / 100 + 1), "USD"))).toBe("money.too_large");
  });

  it("writes exact decimal strings and formats them for the reader's locale", () => {
    expect(toDecimalString({ minor: 500_000, currency: "USD" })).toBe("5000.00");
    expect(toDecimalString({ minor: 5, currency: "USD" })).toBe("0.05");
    expect(toDecimalString({ minor: 1234, currency: "BHD" })).toBe("1.234");
    expect(toDecimalString({ minor: 1_200_000, currency: "IRR" })).toBe("1200000");
    expect(formatter("en", "UTC").money({ minor: 500_000, currency: "USD" })).toBe("5,000.00 USD");
    expect(formatter("en", "UTC").money({ minor: 999_999_999_999_999, currency: "USD" })).toBe("9,999,999,999,999.99 USD");
    expect(formatter("de", "UTC").money({ minor: 500_000, currency: "EUR" })).toBe("5.000,00 EUR");
    expect(formatter("fa", "Asia/Tehran").money({ minor: 1_200_000, currency: "IRR" })).toBe("۱٬۲۰۰٬۰۰۰ IRR");
  });
});
