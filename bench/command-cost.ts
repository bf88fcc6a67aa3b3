// What a finished `/lead add` costs in Threadline against the "limit" app (bench/limit-app.ts: the same
// durable effect in one raw SQL statement), in the same run. Each app runs in a process of its own on a
// database of its own; this process is the load generator: a closed loop of people who each send a signed
// slash command and wait for its reply on response_url before sending the next.
// `--rounds N` measures the pair N times, limit app then Threadline each time, and gives the median of the
// rounds' ratios: this machine's speed drifts by a third within minutes, and a pair measured back to back
// drifts together.
//   npx tsx bench/command-cost.ts [--seconds 30] [--rounds 1] [--people 50] [--only postgres|pglite] [--names distinct|alike] [--profile DIR]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackEmulator, type SlackEmulator } from "../test/emulators/slack-emulator.js";
import { commandPayload, sign } from "../test/emulators/slack-payloads.js";
import { freePort, ROOT } from "../test/support/run-main.js";
import { flag, freshPostgres, percentile, replySink, textFlag } from "./support.js";

const SECONDS = flag("seconds", 30);
const PEOPLE = flag("people", 50);
const ROUNDS = flag("rounds", 1);
const WARMUP_SECONDS = 3;
const TEAM = { id: "T0COST", domain: "cost" };
const only = textFlag("only");
// `--names alike`: every lead is "Cost Lead <n>", so each add finds dozens of look-alike names (the duplicate
// warning's worst case). The default, `distinct`, names each lead with nine letters of its own, as real clients
// are named: look-alike names are then rare, as in a real workspace.
const ALIKE = textFlag("names") === "alike";
/** Nine letters from `n`, different for every n (a multiplicative hash walked in base 26). */
const leadName = (n: number) => {
  if (ALIKE) return `Cost Lead ${n}`;
  let x = Math.imul(n, 2654435761) >>> 0;
  let letters = "";
  for (let i = 0; i < 9; i++, x = (Math.imul(x ^ (x >>> 15), 2246822519) >>> 0) + i) letters += String.fromCharCode(97 + (x % 26));
  return `${letters[0]!.toUpperCase()}${letters.slice(1)}`;
};
// `--profile DIR`: Threadline's process writes a V8 CPU profile there (open it in Chrome's DevTools).
const profileDir = textFlag("profile");

type Sink = Awaited<ReturnType<typeof replySink>>;

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks are 1/100 s). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The CPU of every PostgreSQL process so far, in ms: the server's side of the commands (its backends, and the
 * WAL writer and checkpointer they keep busy). A backend that exits takes its time with it; the apps' pooled
 * connections live through the measurement. PGlite runs inside the app, so its share is in the app's figure.
 */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}): ${output()}`);
    const answered = await fetch(url, { method: "POST", body: "x" }).then(() => true, () => false);
    if (answered) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app did not start: ${output()}`);
}

type Target = { name: string; script: string; env: Record<string, string> };

type Result = { name: string; finished: number; failed: number; seconds: number; replyMs: number[]; cpuMsPerCommand: number; dbCpuMsPerCommand: number | null };

async function measure(target: Target, emulator: SlackEmulator, sink: Sink): Promise<Result> {
  const port = await freePort();
  let output = "";
  const profile = profileDir && target.script === "src/main.ts" ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", target.script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", PORT: String(port), LOG_LEVEL: "error", ...target.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/slack/events`;
  try {
    await waitUntilServing(url, child, () => output);
    let n = 0;
    const runId = Math.random().toString(36).slice(2, 8);
    const send = async (person: number, replies: number[] | null) => {
      const id = `${runId}-${++n}`;
      const user = { id: `U0COST${person}`, name: `person${person}` };
      const body = new URLSearchParams(
        commandPayload(TEAM, sink.base + id, { command: "/lead", text: `add ${leadName(n)} 1500 USD`, user }),
      ).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      const replied = sink.reply(id, 30_000);
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(emulator.signingSecret, timestamp, body) },
        body,
      }).catch(() => null);
      await res?.arrayBuffer();
      const ok = res?.status === 200 && (await replied);
      if (replies) ok ? replies.push(performance.now() - t0) : (failed += 1);
    };
    let failed = 0;
    const loop = async (seconds: number, replies: number[] | null) => {
      const until = Date.now() + seconds * 1000;
      await Promise.all(Array.from({ length: PEOPLE }, async (_, person) => { while (Date.now() < until) await send(person, replies); }));
    };
    // Warm-up: every person's first contact (member, identity, digest row) is not the steady state.
    await loop(WARMUP_SECONDS, null);
    const replyMs: number[] = [];
    const onPostgres = !target.env.DATABASE_URL!.startsWith("pglite:");
    const cpuBefore = cpuMs(child.pid!);
    const dbBefore = onPostgres ? postgresCpuMs() : 0;
    const started = performance.now();
    await loop(SECONDS, replyMs);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuMs(child.pid!) - cpuBefore;
    const commands = Math.max(1, replyMs.length);
    const dbCpuMsPerCommand = onPostgres ? (postgresCpuMs() - dbBefore) / commands : null;
    return { name: target.name, finished: replyMs.length, failed, seconds, replyMs: replyMs.sort((a, b) => a - b), cpuMsPerCommand: cpu / commands, dbCpuMsPerCommand };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
  }
}

async function database(engine: "postgres" | "pglite") {
  if (engine === "postgres") {
    const db = await freshPostgres();
    return { url: db.url, drop: db.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), "tl-cost-"));
  return { url: `pglite:${join(dir, "db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

const emulator = await startSlackEmulator({ team: TEAM });
const sink = await replySink();
const rows: Array<{ engine: string; limit: Result; app: Result }> = [];
console.log(`/lead add (${ALIKE ? "every name alike" : "distinct names"}), closed loop of ${PEOPLE} people for ${SECONDS}s per target, after ${WARMUP_SECONDS}s warm-up, ${ROUNDS} round(s) (node ${process.version})`);
for (const engine of (["postgres", "pglite"] as const).filter((e) => !only || e === only)) {
  for (let round = 0; round < ROUNDS; round++) {
    const results: Result[] = [];
    for (const [name, script, extra] of [
      [`limit app (raw pg, ${engine})`, "bench/limit-app.ts", { SLACK_BOT_TOKEN: emulator.botToken, SLACK_SIGNING_SECRET: emulator.signingSecret, SLACK_API_URL: emulator.apiUrl }],
      [`Threadline (${engine})`, "src/main.ts", { SLACK_BOT_TOKEN: emulator.botToken, SLACK_SIGNING_SECRET: emulator.signingSecret, SLACK_API_URL: emulator.apiUrl, CONSOLE_CHAT: "off" }],
    ] as const) {
      const db = await database(engine);
      try {
        results.push(await measure({ name, script, env: { DATABASE_URL: db.url, ...extra } }, emulator, sink));
      } finally {
        await db.drop();
      }
    }
    rows.push({ engine, limit: results[0]!, app: results[1]! });
  }
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "-");
const rate = (r: Result) => r.finished / r.seconds;
console.log("| target | finished/s | × limit | reply p50 ms | reply p99 ms | CPU ms/command | CPU × limit | PostgreSQL CPU ms/command | failed |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const { limit, app } of rows) {
  for (const r of [limit, app]) {
    console.log(
      `| ${r.name} | ${f(rate(r))} | ${f(rate(r) / rate(limit), 2)} | ${f(percentile(r.replyMs, 50))} | ${f(percentile(r.replyMs, 99))} | ${f(r.cpuMsPerCommand, 2)} | ${f(r.cpuMsPerCommand / limit.cpuMsPerCommand, 2)} | ${r.dbCpuMsPerCommand === null ? "–" : f(r.dbCpuMsPerCommand, 2)} | ${r.failed} |`,
    );
  }
}
if (ROUNDS > 1) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const engine of new Set(rows.map((row) => row.engine))) {
    const mine = rows.filter((row) => row.engine === engine);
    console.log(
      `${engine}, median of ${mine.length} rounds: Threadline ${f(median(mine.map((row) => rate(row.app))))}/s, ` +
        `${f(median(mine.map((row) => rate(row.app) / rate(row.limit))), 2)} × limit; ` +
        `CPU ${f(median(mine.map((row) => row.app.cpuMsPerCommand)), 2)} ms, ${f(median(mine.map((row) => row.app.cpuMsPerCommand / row.limit.cpuMsPerCommand)), 2)} × limit`,
    );
  }
}
await sink.close();
await emulator.close();
process.exit(0);
