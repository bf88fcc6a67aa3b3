import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "../../src/adapters/prisma/dir-lock.js";
import { ROOT } from "../support/run-main.js";

/** A separate process holding the lock (test/support/hold-dir-lock.ts): resolves once it has said whether it got it. */
function holder(dir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/hold-dir-lock.ts", dir], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const outcome = new Promise<"locked" | { code: number | null; stderr: string }>((resolve) => {
    child.stdout.on("data", (chunk) => String(chunk).includes("locked") && resolve("locked"));
    child.once("close", (code) => resolve({ code, stderr }));
  });
  const gone = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return { child, outcome, gone };
}

describe("the embedded database's directory lock", () => {
  const root = mkdtempSync(join(tmpdir(), "threadline-lock-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("lets exactly one of four simultaneous takers in this process have it, and frees it on unlock", async () => {
    const dir = join(root, "same-process");
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => lockDataDir(dir)));
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(DataDirLockedError);
    (won[0] as PromiseFulfilledResult<() => void>).value();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await lockDataDir(dir);
    again();
  });

  it("takes over a lock file an older version left behind (a pid in a plain file)", async () => {
    const dir = join(root, "old-format");
    writeFileSync(`${dir}.lock`, String(process.pid));
    const unlock = await lockDataDir(dir);
    expect(statSync(`${dir}.lock`).isSocket()).toBe(true);
    unlock();
  });

  it("is free again the moment its holder is killed with SIGKILL, with the socket file still there", async () => {
    const dir = join(root, "killed");
    const first = holder(dir);
    expect(await first.outcome).toBe("locked");
    const refused = holder(dir);
    expect(await refused.outcome).toMatchObject({ code: 2, stderr: expect.stringContaining(`(pid ${first.child.pid})`) });
    first.child.kill("SIGKILL");
    await first.gone;
    expect(statSync(`${dir}.lock`).isSocket()).toBe(true);
    const next = holder(dir);
    expect(await next.outcome).toBe("locked");
    next.child.stdin.end();
    await next.gone;
  });

  it("keeps its holder alive when askers hang up before its answer (EPIPE on the lock's socket)", async () => {
    const dir = join(root, "hang-up");
    const held = holder(dir);
    expect(await held.outcome).toBe("locked");
    // Losers that exit at once: connected, then gone before the holder writes its pid back.
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        Array.from({ length: 20 }, () => new Promise<void>((resolve) => {
          const socket = createConnection(`${dir}.lock`, () => {
            socket.destroy();
            resolve();
          });
          socket.on("error", () => resolve());
        })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(held.child.exitCode).toBe(null);
    const refused = holder(dir);
    expect(await refused.outcome).toMatchObject({ code: 2, stderr: expect.stringContaining(`(pid ${held.child.pid})`) });
    held.child.stdin.end();
    await held.gone;
  });

  it("lets exactly one of four processes started at once have it, with a stale lock present", async () => {
    const dir = join(root, "race");
    const stale = holder(dir);
    expect(await stale.outcome).toBe("locked");
    stale.child.kill("SIGKILL");
    await stale.gone;
    const racers = [1, 2, 3, 4].map(() => holder(dir));
    const outcomes = await Promise.all(racers.map((racer) => racer.outcome));
    expect(outcomes.filter((outcome) => outcome === "locked")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "locked").map((outcome) => (outcome as { code: number }).code)).toEqual([2, 2, 2]);
    for (const racer of racers) racer.child.stdin.end();
    await Promise.all(racers.map((racer) => racer.gone));
  });
});
