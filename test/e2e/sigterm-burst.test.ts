import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/prisma/client.js";
import { startSlackEmulator, type SlackEmulator } from "../emulators/slack-emulator.js";
import { freePort, spawnMain, within } from "../support/run-main.js";

// `npm start` as a real process on the embedded database, stopped with SIGTERM in the middle of a burst of
// Slack commands, then started again: every command it acknowledged is done exactly once and answered.

const anna = { id: "U0ANNA", name: "anna" };
const BURST = 60;

describe("npm start stopped with SIGTERM during a burst of Slack commands", () => {
  const dir = mkdtempSync(join(tmpdir(), "threadline-sigterm-"));
  let slack: SlackEmulator;
  afterAll(async () => {
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start() {
    const port = await freePort();
    const app = spawnMain({
      DATABASE_URL: `pglite:${join(dir, "db")}`,
      PORT: String(port),
      LOG_LEVEL: "warn",
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
    });
    await within(
      Promise.race([slack.waitFor(() => slack.callsTo("auth.test").length > started, "auth.test", 90_000), app.exited.then(() => Promise.reject(new Error(app.stderr())))]),
      90_000,
      "the app to start",
    );
    started = slack.callsTo("auth.test").length;
    // auth.test is the door's start; the inbox resumes right after it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { app, target: `http://127.0.0.1:${port}/slack/events` };
  }
  let started = 0;

  it("loses nothing it acknowledged, exits 0, and does the rest after the restart, each once", async () => {
    slack = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
    const first = await start();
    const sends = Array.from({ length: BURST }, (_, i) =>
      slack.sendCommand(first.target, { command: "/lead", text: `add Burst ${i} 10 USD`, user: anna }).catch(() => null),
    );
    // Stop once the first acknowledgement is back, while most of the work is still to do.
    await Promise.race(sends);
    const exit = first.app.stop("SIGTERM", 60_000);
    const results = await Promise.all(sends);
    expect(await exit).toEqual({ code: 0, signal: null });

    const acknowledged = results.flatMap((sent, i) => (sent && sent.status === 200 && sent.body === "" ? [{ i, sent }] : []));
    // Refused ones were refused honestly: a 503 (or a closed connection) the sender sees, never a silent 200.
    for (const sent of results) if (sent && sent.status === 200) expect(sent.body).toBe("");
    expect(acknowledged.length).toBeGreaterThan(0);

    // The restart resumes whatever the stop left in the inbox.
    const second = await start();
    for (const { i, sent } of acknowledged) {
      const answer = await slack.nextResponse(sent.seq, sent.responseUrl);
      expect(JSON.stringify(answer.body)).toContain(`Burst ${i}`);
    }
    expect(await second.app.stop("SIGTERM", 60_000)).toEqual({ code: 0, signal: null });

    const db = await openDatabase(`pglite:${join(dir, "db")}`);
    try {
      const leads = await db.sql.query<{ title: string; n: number }>(`SELECT title, count(*)::int AS n FROM "Lead" GROUP BY title`);
      const done = new Map(leads.map((lead) => [lead.title, lead.n]));
      for (const { i } of acknowledged) expect(done.get(`Burst ${i}`), `Burst ${i}`).toBe(1);
      expect([...done.values()].every((n) => n === 1)).toBe(true);
      const unfinished = await db.sql.query(`SELECT key FROM "InboundDelivery" WHERE state = 'pending'`);
      expect(unfinished).toEqual([]);
    } finally {
      await db.close();
    }
  }, 300_000);
});
