import { describe, expect, it } from "vitest";
import { describeSigterm, sigtermBurst } from "./sigterm-burst.js";

// Fault b, short: SIGTERM 1 s into 60 Slack commands on PGlite, against npm start. The full run (300
// commands, both engines) is `npm run faults:sigterm`; its figures are in the README.

describe("SIGTERM during a burst of Slack commands (short run, PGlite)", () => {
  it("exits 0, loses no acknowledged command and does none twice", async () => {
    const figures = await sigtermBurst({ engine: "pglite", commands: 60 });
    console.info(describeSigterm(figures));

    expect(figures.exit).toEqual({ code: 0, signal: null });
    expect(figures.afterRestart.lost).toBe(0);
    expect(figures.afterRestart.twice).toBe(0);
    expect(figures.afterRestart.acked).toBeGreaterThan(0);
  }, 600_000);
});
