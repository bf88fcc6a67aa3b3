import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { immediateRestarts, leadCount, simultaneousStarts } from "./restarts.run.js";

// The cheap cousins of `npm run faults:lock` (README, "Fault scripts"): `npm start` as a process group on the
// embedded database, killed with SIGKILL and started again at once, then four started at once.
describe("the embedded database's lock against npm start", () => {
  const root = mkdtempSync(join(tmpdir(), "threadline-restarts-"));
  const dataDir = join(root, "db");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("starts again right after kill -9 of the whole npm start process group, every time, keeping the data", { timeout: 240_000 }, async () => {
    const figures = await immediateRestarts(dataDir, 2);
    expect(figures).toMatchObject({ started: 2, refused: 0, leadsAdded: 2 });
  });

  it("leaves exactly one of four simultaneous starts running, with a stale lock present", { timeout: 240_000 }, async () => {
    const figures = await simultaneousStarts(dataDir, 1);
    expect(figures.runningPerRound).toEqual([1]);
    expect(figures.refusedWithLockMessage).toBe(3);
    expect(await leadCount(dataDir)).toBe(2);
  });
});
