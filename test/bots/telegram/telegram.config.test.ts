import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";

describe("Telegram settings", () => {
  it("turns the door off when there is no token, and reads the webhook settings when there is one", () => {
    expect(loadConfig({}).TELEGRAM_BOT_TOKEN).toBeUndefined();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABC-def_9",
      TELEGRAM_WEBHOOK_URL: "https://crm.example.com/telegram",
      TELEGRAM_WEBHOOK_SECRET: "Abc_123-xyz",
    });
    expect(config).toMatchObject({ TELEGRAM_WEBHOOK_URL: "https://crm.example.com/telegram", TELEGRAM_WEBHOOK_SECRET: "Abc_123-xyz" });
  });

  it("refuses a webhook URL without a secret, in one line that says what to set", () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://crm.example.com/telegram" })).toThrow(
      /^Invalid TELEGRAM_WEBHOOK_SECRET="": TELEGRAM_WEBHOOK_URL is set, so a secret is required \(1-256 characters from A-Z, a-z, 0-9, _ and -\)\.$/,
    );
  });

  it.each([
    ["TELEGRAM_WEBHOOK_SECRET", "has spaces"],
    ["TELEGRAM_WEBHOOK_SECRET", "x".repeat(257)],
    ["TELEGRAM_WEBHOOK_URL", "ftp://crm.example.com/telegram"],
    ["TELEGRAM_WEBHOOK_URL", "https://crm.example.com/telegram?key=1"],
    ["TELEGRAM_BOT_TOKEN", "not-a-token"],
    ["TELEGRAM_API_ROOT", "localhost:8081"],
  ])("refuses %s=%s", (name, value) => {
    const env = { TELEGRAM_WEBHOOK_URL: "https://crm.example.com/telegram", TELEGRAM_WEBHOOK_SECRET: "ok", [name]: value };
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid ${name}=`));
  });
});

describe("Bale settings", () => {
  it("turns the Bale door on with a token and takes a webhook whose secret is long enough to sit in its path", () => {
    expect(loadConfig({}).BALE_BOT_TOKEN).toBeUndefined();
    const secret = "a".repeat(32);
    expect(loadConfig({ BALE_BOT_TOKEN: "123456789:AbC-dEf_1", BALE_WEBHOOK_URL: "https://crm.example.com/bale", BALE_WEBHOOK_SECRET: secret })).toMatchObject({
      BALE_BOT_TOKEN: "123456789:AbC-dEf_1",
      BALE_WEBHOOK_SECRET: secret,
    });
  });

  it("refuses a Bale webhook without a secret, or with one short enough to guess", () => {
    expect(() => loadConfig({ BALE_BOT_TOKEN: "1:a", BALE_WEBHOOK_URL: "https://crm.example.com/bale" })).toThrow(
      /^Invalid BALE_WEBHOOK_SECRET="": BALE_WEBHOOK_URL is set, so a secret is required \(32-256 characters/,
    );
    expect(() => loadConfig({ BALE_BOT_TOKEN: "1:a", BALE_WEBHOOK_URL: "https://crm.example.com/bale", BALE_WEBHOOK_SECRET: "short_secret" })).toThrow(
      /^Invalid BALE_WEBHOOK_SECRET="short_secret": expected 32-256 characters/,
    );
    expect(() => loadConfig({ BALE_API_ROOT: "tapi.bale.ai" })).toThrow(/^Invalid BALE_API_ROOT=/);
  });
});
