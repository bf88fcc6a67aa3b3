import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Messenger } from "../../../src/bots/messenger.js";
import { createOutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { App } from "../../../src/app.js";
import type { Platform } from "../../../src/domain/members/member.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { jumpTo, outboxRows, pingComposer } from "../../support/outbox.js";
import { ROOT } from "../../support/run-main.js";
import { systemClock } from "../../../src/adapters/clock.js";

const ROWS = 60;
/** The sink answers this many sends, then takes requests without ever answering: they are in flight. */
const ANSWERED = 10;

/**
 * The chat platform of these tests, over HTTP: it keeps every message it receives (by outbox id), answers
 * the first few, and then stops answering, so the dispatcher that was sending has messages in flight
 * when it is killed. After that, `deliver` and `find` give a second dispatcher the same platform in-process.
 */
async function startSink() {
  const received: Array<{ id: string; via: "http" | "in-process" }> = [];
  const held: ServerResponse[] = [];
  let answered = 0;
  let stalled!: () => void;
  const whenStalled = new Promise<void>((resolve) => (stalled = resolve));
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { outboxId } = JSON.parse(body) as { outboxId: string };
      received.push({ id: outboxId, via: "http" });
      if (answered < ANSWERED) {
        answered++;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ messageId: `http-${received.length}` }));
      } else {
        held.push(res);
        stalled();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    whenStalled,
    countOf: (id: string) => received.filter((one) => one.id === id).length,
    /** Whether the killed process's request for this row reached the platform. */
    reachedOverHttp: (id: string) => received.some((one) => one.id === id && one.via === "http"),
    messenger(platform: Platform, canFind: boolean): Messenger {
      return {
        platform,
        async send(to, _reply, options) {
          received.push({ id: options!.outboxId!, via: "in-process" });
          return { platform, chatId: to.chatId, messageId: `in-process-${received.length}` };
        },
        async edit() {},
        async sendFile(to) {
          return { platform, chatId: to.chatId, messageId: "file" };
        },
        ...(canFind
          ? {
              async findSent(to: { platform: Platform; chatId: string }, outboxId: string) {
                const index = received.findIndex((one) => one.id === outboxId);
                return index >= 0 ? { platform, chatId: to.chatId, messageId: `found-${index + 1}` } : null;
              },
            }
          : {}),
      };
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function startWorker(databaseUrl: string, sinkUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/outbox-worker.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", DATABASE_URL: databaseUrl, SINK_URL: sinkUrl, INSTANCE_ID: "doomed" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`)));
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

// A second process needs a database it can open by URL: PostgreSQL only (CI runs both engines).
describe.skipIf(engineUnderTest !== "postgres")(`outbox dispatcher killed mid-batch (${engineUnderTest})`, () => {
  let app: App;
  let build: ReturnType<typeof outboxRows>;
  let workspaceId: string;

  beforeAll(async () => {
    app = await testApp();
    build = outboxRows(app.database);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await build.clear();
    workspaceId = (await build.workspace()).id;
    await build.member(workspaceId, "Owner", { role: "owner" });
  });

  /** Kills a real dispatcher process mid-batch, then lets a second dispatcher take over; returns what happened. */
  async function killThenTakeOver(platform: Platform, canFind: boolean) {
    const due = DateTime.utc().minus({ seconds: 1 });
    const ids: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const chatId = platform === "slack" ? `C${i}` : String(7000 + i);
      ids.push(await build.enqueue(workspaceId, { address: { platform, chatId }, dueAt: due }));
    }
    const sink = await startSink();
    try {
      const worker = await startWorker(app.config.DATABASE_URL, sink.url);
      await sink.whenStalled;
      // Some of the answered sends are recorded; the held ones never will be.
      await vi.waitFor(async () => expect((await build.rows({ state: "sent" })).length).toBeGreaterThan(0), { timeout: 10_000 });
      await kill9(worker);

      const atKill = await build.rows();
      const sendingAtKill = atKill.filter((row) => row.state === "sending").map((row) => row.id);

      // The survivor's clock is past both leases of the dead one, so it takes over at once.
      const clock = fixedClock(DateTime.utc().plus({ minutes: 2 }));
      const survivor = createOutboxDispatcher({
        db: app.database,
        messengers: { [platform]: sink.messenger(platform, canFind) },
        dispatcher: app.dispatcher,
        composers: [pingComposer()],
        clock,
        log: app.log,
        instanceId: "survivor",
        waitUntil: jumpTo(clock),
      });
      for (let round = 0; round < 20; round++) {
        const result = await survivor.tick();
        if (result.claimed === 0 && !result.nextDueAt) break;
        if (result.nextDueAt) clock.set(DateTime.max(clock.now(), result.nextDueAt));
      }
      return { ids, sink, atKill, sendingAtKill, stats: survivor.stats(), after: await build.rows() };
    } finally {
      await sink.close();
    }
  }

  it("loses nothing: the survivor finds on Slack what the killed one had in flight and posts the rest once", async () => {
    const { ids, sink, atKill, sendingAtKill, stats, after } = await killThenTakeOver("slack", true);

    // The kill happened mid-batch: some sent and recorded, some in flight, none lost.
    expect(atKill.filter((row) => row.state === "sent").length).toBeGreaterThan(0);
    expect(sendingAtKill.length).toBeGreaterThan(0);
    expect(after.map((row) => row.state)).toEqual(Array(ROWS).fill("sent"));
    // Every message reached the chat exactly once.
    for (const id of ids) expect(sink.countOf(id)).toBe(1);
    // What the killed process had in flight (received, never recorded) was found, not posted again.
    const inFlight = sendingAtKill.filter((id) => sink.reachedOverHttp(id));
    expect(inFlight.length).toBeGreaterThan(0);
    expect(stats.foundAlreadySent).toBe(inFlight.length);
    expect(stats.possibleDuplicates).toBe(0);
  });

  it("loses nothing on Telegram either: what was in flight is sent again and counted as a possible duplicate", async () => {
    const { ids, sink, sendingAtKill, stats, after } = await killThenTakeOver("telegram", false);

    expect(after.map((row) => row.state)).toEqual(Array(ROWS).fill("sent"));
    for (const id of ids) expect(sink.countOf(id)).toBeGreaterThanOrEqual(1);
    // Duplicates happen only for rows the killed process had claimed and may have sent, and each is counted.
    const duplicated = ids.filter((id) => sink.countOf(id) > 1);
    expect(duplicated.length).toBeGreaterThan(0);
    expect(duplicated.every((id) => sendingAtKill.includes(id) && sink.reachedOverHttp(id))).toBe(true);
    expect(stats.possibleDuplicates).toBe(sendingAtKill.length);
  });

  it("takes over a killed instance's lead and claims within 15 s (missed heartbeat), not at the end of their 60 s lease", async () => {
    const due = DateTime.utc().minus({ seconds: 1 });
    const ids: string[] = [];
    for (let i = 0; i < ROWS; i++) ids.push(await build.enqueue(workspaceId, { address: { platform: "slack", chatId: `C${i}` }, dueAt: due }));
    const sink = await startSink();
    try {
      const worker = await startWorker(app.config.DATABASE_URL, sink.url);
      await sink.whenStalled;
      await kill9(worker);
      const killedAt = Date.now();
      const sending = (await build.rows()).filter((row) => row.state === "sending");
      expect(sending.length).toBeGreaterThan(0);
      // Their leases run a full minute from the claim.
      const leaseEnds = Math.min(...sending.map((row) => row.leaseUntil!.getTime()));
      expect(leaseEnds - killedAt).toBeGreaterThan(40_000);

      // A survivor on the real clock, as another instance would be.
      const survivor = createOutboxDispatcher({
        db: app.database,
        messengers: { slack: sink.messenger("slack", true) },
        dispatcher: app.dispatcher,
        composers: [pingComposer()],
        clock: systemClock,
        log: app.log,
        instanceId: "survivor",
        options: { pollIntervalMs: 100 },
      });
      survivor.start();
      try {
        await vi.waitFor(async () => expect((await build.rows({ state: "sent" })).length).toBe(ROWS), { timeout: 40_000, interval: 200 });
      } finally {
        await survivor.stop();
      }
      const tookMs = Date.now() - killedAt;
      // Dead once its heartbeat is 10 s old (it beat at most 5 s before the kill), plus the survivor's 3 s
      // poll for the lead: within 15 s, where the row leases alone would have kept them a minute.
      expect(tookMs).toBeLessThan(15_000);
      expect(Date.now()).toBeLessThan(leaseEnds);
      for (const id of ids) expect(sink.countOf(id)).toBe(1);
      console.log(`takeover after kill -9: every row sent ${(tookMs / 1000).toFixed(1)} s after the kill`);
    } finally {
      await sink.close();
    }
  }, 90_000);
});
