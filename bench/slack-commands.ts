// Signed `/lead add` slash commands against the Slack HTTP receiver, 50 at a time, on PGlite and on
// PostgreSQL, beside a bare Bolt app whose handler only acks (the baseline, measured in the same run).
//   npx tsx bench/slack-commands.ts [--seconds 30] [--concurrency 50]
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, HTTPReceiver } from "@slack/bolt";
import { buildApp } from "../src/app.js";
import { serveRoutes } from "../src/bots/http-server.js";
import { createSlackDoor, SLACK_EVENTS_PATH } from "../src/bots/slack/slack.door.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { startSlackEmulator } from "../test/emulators/slack-emulator.js";
import { commandPayload, sign } from "../test/emulators/slack-payloads.js";
import { closedLoop, collectReplies, countRefusals, flag, freshPostgres, printRecorded, printTable, summarize, textFlag, type LoadResult } from "./support.js";

const SECONDS = flag("seconds", 30);
const CONCURRENCY = flag("concurrency", 50);
const TEAM = { id: "T0BENCH", domain: "bench" };
const USERS = Array.from({ length: 20 }, (_, i) => ({ id: `U0BENCH${i}`, name: `user${i}` }));

/** Where the app posts its replies (response_url): arrival time per request id. */
async function replySink() {
  const arrived = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      arrived.set(req.url!.split("/").pop()!, performance.now());
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { arrived, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r/`, close: () => close(server) };
}

const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

/** `atEnd` runs as the load stops, before the replies are waited for. */
async function load(
  target: string,
  url: string,
  signingSecret: string,
  sinkBase: string,
  arrived: Map<string, number>,
  expectReply: boolean,
  atEnd?: (result: LoadResult) => Promise<void>,
): Promise<LoadResult> {
  const result: LoadResult = { target, sent: 0, acked: 0, failed: 0, seconds: SECONDS, ackMs: [], visibleMs: [] };
  const started = new Map<string, number>();
  const loadStart = performance.now();
  let n = 0;
  await closedLoop(CONCURRENCY, SECONDS, async () => {
    const id = String(++n);
    const user = USERS[n % USERS.length]!;
    const body = new URLSearchParams(commandPayload(TEAM, sinkBase + id, { command: "/lead", text: `add Bench Lead ${n} 1500 USD`, user })).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    started.set(id, t0);
    result.sent++;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(signingSecret, timestamp, body) },
        body,
      });
      await res.arrayBuffer();
      if (res.status === 200) {
        result.acked++;
        result.ackMs.push(performance.now() - t0);
      } else result.failed++;
    } catch {
      result.failed++;
    }
  });
  await atEnd?.(result);
  if (expectReply) await collectReplies(result, started, arrived, loadStart);
  return result;
}

async function bare(): Promise<LoadResult> {
  const emulator = await startSlackEmulator({ team: TEAM });
  const sink = await replySink();
  const receiver = new HTTPReceiver({ signingSecret: emulator.signingSecret });
  const bolt = new App({ token: emulator.botToken, receiver, deferInitialization: true, clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } } });
  bolt.command(/.*/, async ({ ack }) => ack());
  await bolt.init();
  const server = await serveRoutes(0, [{ path: SLACK_EVENTS_PATH, handler: receiver.requestListener }], "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  try {
    return await load("bare Bolt (ack only)", url, emulator.signingSecret, sink.base, sink.arrived, false);
  } finally {
    await close(server);
    await sink.close();
    await emulator.close();
  }
}

async function threadline(engine: "pglite" | "postgres"): Promise<LoadResult> {
  const emulator = await startSlackEmulator({ team: TEAM });
  const sink = await replySink();
  const pgDb = engine === "postgres" ? await freshPostgres() : null;
  const dir = engine === "pglite" ? mkdtempSync(join(tmpdir(), "tl-bench-")) : null;
  const config = loadConfig({
    DATABASE_URL: pgDb ? pgDb.url : `pglite:${join(dir!, "db")}`,
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: emulator.signingSecret,
    SLACK_API_URL: emulator.apiUrl,
    LOG_LEVEL: "error",
  });
  const log = createLogger("error");
  const app = await buildApp(config, { log });
  const door = createSlackDoor({ config, dispatcher: app.dispatcher, members: app.members, workspaces: app.workspaces, inbox: app.inbox, clock: app.clock, log })!;
  const server = await serveRoutes(0, door.routes, "127.0.0.1");
  await door.start();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  try {
    return await load(`Threadline on ${engine}`, url, emulator.signingSecret, sink.base, sink.arrived, true, (result) => countRefusals(app.database.sql, result));
  } finally {
    await door.stop();
    await close(server);
    await app.close();
    await pgDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await sink.close();
    await emulator.close();
  }
}

console.log(`Slack /lead add: ${CONCURRENCY} concurrent for ${SECONDS}s per target (node ${process.version})`);
// `--only postgres` (or pglite) skips the other engine, for a quicker look.
const only = textFlag("only");
const baseline = summarize(await bare());
const results: LoadResult[] = [];
for (const engine of (["pglite", "postgres"] as const).filter((e) => !only || e === only)) results.push(await threadline(engine));
printTable([baseline, ...results.map(summarize)], baseline);
// A "busy" answer is a 200 too (its text in the ack's body): counted apart, from what the inbox recorded.
printRecorded(results, baseline);
process.exit(0);
