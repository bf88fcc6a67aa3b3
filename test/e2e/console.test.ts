import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMain, startMain } from "../support/run-main.js";

// These run the real entry point (`npm start` = tsx src/main.ts) as a person would, on the embedded engine.
describe("console chat, end to end on the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "threadline-e2e-"));
  const env = { DATABASE_URL: `pglite:${join(dir, "db")}`, CONSOLE_USER: "anna" };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("adds and lists a lead from piped input, then exits cleanly at end of input", async () => {
    const run = await runMain(env, "/lead add Acme Corp 5000 USD\n/lead list\n");
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Lead #1 created");
    expect(run.stdout).toMatch(/#1 Acme Corp · 5,000\.00 USD · new · @anna/);
  });

  it("still shows the lead after a restart", async () => {
    const run = await runMain(env, "/lead list\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/#1 Acme Corp · 5,000\.00 USD/);
    expect(run.stdout).toContain("1 of 1 lead");
  });

  it("asks a bare command's questions as prompts, a number being an answer where one is typed", async () => {
    // A data directory of its own: the other tests count this file's leads.
    const run = await runMain({ ...env, DATABASE_URL: `pglite:${join(dir, "forms")}` }, "/lead add\nStudio 54\n/skip\n/skip\n/task add\nCall Studio 54\n7\n/skip\n/invoice new\nStudio 54\nMixing 3 x 200 USD\n/done\n9\n/skip\n30\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("New lead: 1 of 3");
    expect(run.stdout).toMatch(/Lead #1 created\n\s+Name: Studio 54/);
    // "7" presses "[7] Me" (numbers go on from the lead card's six buttons); "9" and "30" answer typed questions.
    expect(run.stdout).toMatch(/Task #1 created\n\s+Task: Call Studio 54\n\s+Assignee: @anna/);
    expect(run.stdout).toContain("Due: 30 days after issue");
    expect(run.stdout).toContain("Tax 9%: 54.00 USD");
  });

  it("answers bad input with an explanation and an example, never a stack trace", async () => {
    const run = await runMain(env, "/lead add Acme 5000USD\n/lead show 42\nhelp\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("write them apart, such as 5000 USD");
    expect(run.stdout).toContain("Example: /lead add Acme Corp 5000 USD");
    expect(run.stdout).toContain("There is no lead #42");
    expect(run.stdout).toContain("/lead find <text>");
    expect(run.stdout).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it("refuses a second process on the same data directory at once, leaving the data untouched", async () => {
    const first = startMain(env);
    try {
      await first.waitFor("console chat");
      const second = await runMain(env, "/lead add Intruder 1 USD\n");
      expect(second.code).toBe(2);
      expect(second.stderr).toContain("is in use by another Threadline process");
      expect(second.stderr).toContain("point DATABASE_URL at a PostgreSQL server");
      expect(second.stdout).not.toContain("Lead #");
      // The first process goes on reading and writing a healthy database, and the intruder left no trace.
      first.child.stdin.end("/lead add Second Lead 10 USD\n/lead list all\n");
      await new Promise((resolve) => first.child.once("close", resolve));
      expect(first.output()).toContain("Lead #2 created");
      expect(first.output()).toMatch(/#1 Acme Corp[\s\S]*#2 Second Lead/);
      expect(first.output()).not.toContain("Intruder");
    } finally {
      first.child.kill("SIGKILL");
    }
  });

  it("shuts down cleanly on SIGTERM, releasing the lock", async () => {
    const running = startMain(env);
    await running.waitFor("console chat");
    running.child.kill("SIGTERM");
    const code = await new Promise((resolve) => running.child.once("close", resolve));
    expect(code).toBe(0);
    const after = await runMain(env, "/lead list all\n");
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("#1 Acme Corp");
    expect(after.stdout).toContain("#2 Second Lead");
  });

  it("stops with one clear line naming a bad variable", async () => {
    const run = await runMain({ ...env, CRM_DEFAULT_TIMEZONE: "Mars/Olympus" }, "");
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'threadline: Invalid CRM_DEFAULT_TIMEZONE="Mars/Olympus": expected an IANA time zone such as Asia/Tehran or UTC.',
    );
  });
});
