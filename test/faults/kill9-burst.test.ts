import { describe, expect, it } from "vitest";
import { describeKill9, kill9Burst } from "./kill9-burst.js";

// Fault a, short: two kill -9 cycles during Slack and Telegram bursts on PGlite, against npm start. The
// full run (20 cycles, both engines) is `npm run faults:kill9`; its figures are in the README.

describe("kill -9 during bursts of /lead add, then an immediate restart (short run, PGlite)", () => {
  it("loses no acknowledged command, does none twice, and answers every one", async () => {
    const figures = await kill9Burst({ engine: "pglite", cycles: 2, slackPerCycle: 20, telegramPerCycle: 8 });
    console.info(describeKill9(figures));

    expect(figures.drained).toBe(true);
    expect(figures.refusedStarts).toBe(0);
    expect(figures.slack.twice).toBe(0);
    expect(figures.telegram.twice).toBe(0);
    expect(figures.slack.acked).toBeGreaterThan(0);
    expect(figures.slack.lost).toBe(0);
    expect(figures.telegram.lost).toBe(0);
    expect(figures.slack.answered).toBe(figures.slack.acked);
    expect(figures.telegram.answered).toBe(figures.telegram.acked);
  }, 600_000);
});
