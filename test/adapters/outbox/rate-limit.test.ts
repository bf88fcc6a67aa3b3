import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/adapters/outbox/rate-limit.js";

const t0 = DateTime.fromISO("2026-11-25T09:00:00Z", { zone: "utc" });
const ms = (at: DateTime) => at.diff(t0).toMillis();
const chat = (chatId: string, platform: "telegram" | "slack" = "telegram") => ({ platform, chatId });

describe("outbox rate limiter", () => {
  it("spaces messages into one Telegram chat a second apart and into a group three seconds apart", () => {
    const limiter = createRateLimiter({ headroom: 1 });
    limiter.sent(chat("42"), t0);
    limiter.sent(chat("-100"), t0);

    expect(ms(limiter.readyAt(chat("42"), t0))).toBe(1000);
    expect(ms(limiter.readyAt(chat("-100"), t0))).toBe(3000);
    expect(ms(limiter.readyAt(chat("43"), t0))).toBe(0);
  });

  it("hands out Telegram's platform-wide turns about 30 a second, in order", () => {
    const limiter = createRateLimiter({ headroom: 1 });
    const turns = Array.from({ length: 31 }, () => ms(limiter.takeTurn("telegram", t0)));

    expect(turns[0]).toBe(0);
    expect(turns[30]).toBeGreaterThanOrEqual(1000);
    expect(turns[29]).toBeLessThan(1000);
  });

  it("leaves a little headroom under the documented rate", () => {
    const limiter = createRateLimiter({ headroom: 0.9 });
    limiter.sent(chat("42"), t0);

    expect(ms(limiter.readyAt(chat("42"), t0))).toBe(1112);
  });

  it("on Telegram, a 429 holds back every chat; on Slack only the channel that got it", () => {
    const limiter = createRateLimiter({ headroom: 1 });
    limiter.rateLimited(chat("42"), 5000, t0);
    limiter.rateLimited(chat("C1", "slack"), 7000, t0);

    expect(ms(limiter.readyAt(chat("99"), t0))).toBe(5000);
    expect(ms(limiter.takeTurn("telegram", t0))).toBe(5000);
    expect(ms(limiter.readyAt(chat("C1", "slack"), t0))).toBe(7000);
    expect(ms(limiter.readyAt(chat("C2", "slack"), t0))).toBe(0);
  });

  it("gives a chat's put-back messages successive slots after the ones already handed out", () => {
    const limiter = createRateLimiter({ headroom: 1 });
    limiter.sent(chat("42"), t0);

    expect(limiter.laterSlots(chat("42"), 3, t0).map(ms)).toEqual([1000, 2000, 3000]);
    expect(limiter.laterSlots(chat("42"), 2, t0).map(ms)).toEqual([4000, 5000]);
  });
});
