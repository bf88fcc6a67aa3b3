// Reply latency under a realistic mix: 100 `/lead add` commands per second offered (an open loop: sends on
// schedule whatever the replies do) for 60 s to one Threadline process on PostgreSQL, from 25 Slack teams
// and 25 Telegram private chats (50 workspaces). Reports the time until each reply is visible (Slack: it
// reaches response_url; Telegram: the emulator receives sendMessage) and the queue depth (commands sent
// and not yet answered) every second.
//
// Two phases, reported apart. First contacts: the same load for `--first-seconds` (2.5 s: enough for every
// one of the 75 people to send a first command, in a cold process), then a pause until all are answered.
// Then the measured minute, against workspaces and people that exist, in a warm process: a team's usual day.
// The first phase is the worst minute a team has once (75 people and 50 workspaces new in the same second),
// so its figures are given beside the minute's, not mixed into them.
//   npx tsx bench/mixed-load.ts [--rate 100] [--seconds 60] [--first-seconds 2.5] [--telegram-share 0.2]
// Telegram's share is 20 % by default: Threadline paces replies at Telegram's 1 message/s per chat, so 25
// chats take at most 25 replies/s; 20/s keeps Telegram's own limit out of the latency being measured.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startSlackEmulator } from "../test/emulators/slack-emulator.js";
import { commandPayload, sign } from "../test/emulators/slack-payloads.js";
import { startTelegramEmulator } from "../test/emulators/telegram-emulator.js";
import { freePort, ROOT } from "../test/support/run-main.js";
import { flag, freshPostgres, percentile } from "./support.js";

const RATE = flag("rate", 100);
const SECONDS = flag("seconds", 60);
const FIRST_SECONDS = flag("first-seconds", 2.5);
const TELEGRAM_SHARE = flag("telegram-share", 0.2);
const SECRET = "mixed_secret";
const HOOK = "/telegram/hook";

const slack = await startSlackEmulator({ team: { id: "T0MIX0", domain: "mix" } });
const tg = await startTelegramEmulator({ limits: false });
const db = await freshPostgres();
const port = await freePort();

const sent = new Map<string, number>();
const replied = new Map<string, number>();
const sink = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const id = req.url!.split("/").pop()!;
    if (!replied.has(id)) replied.set(id, performance.now());
    res.writeHead(200).end("ok");
  });
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const sinkBase = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/r/`;
// Telegram replies are seen in the emulator's call log: "Mix Lead t123" in a sendMessage.
let scanned = 0;
const scan = setInterval(() => {
  for (; scanned < tg.calls.length; scanned++) {
    const call = tg.calls[scanned]!;
    const id = call.method.toLowerCase() === "sendmessage" && /Mix Lead (t\d+)/.exec(String(call.params.text))?.[1];
    if (id && !replied.has(id)) replied.set(id, performance.now());
  }
}, 5);

let output = "";
const app = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", LOG_LEVEL: "error", CONSOLE_CHAT: "off",
    PORT: String(port), DATABASE_URL: db.url,
    SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: slack.signingSecret, SLACK_API_URL: slack.apiUrl,
    TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}${HOOK}`, TELEGRAM_WEBHOOK_SECRET: SECRET,
  },
  stdio: ["ignore", "pipe", "pipe"],
});
app.stdout!.on("data", (chunk) => (output += chunk));
app.stderr!.on("data", (chunk) => (output += chunk));
const base = `http://127.0.0.1:${port}`;
for (const until = Date.now() + 60_000; ; ) {
  if (app.exitCode !== null || Date.now() > until) throw new Error(`app did not start: ${output}`);
  if (tg.callsOf("setWebhook").length && (await fetch(`${base}/slack/events`, { method: "POST", body: "x" }).then(() => true, () => false))) break;
  await new Promise((r) => setTimeout(r, 200));
}

const teams = Array.from({ length: 25 }, (_, i) => ({ id: `T0MIX${i}`, domain: `mix${i}` }));
const people = Array.from({ length: 25 }, (_, i) => {
  const user = tg.user({ first_name: `Mixer${i}`, username: `mixer${i}` });
  return { user, chat: tg.privateChat(user) };
});
let updateId = 1;
let n = 0;
// Each platform counts its own commands to pick the chat or team: with one count, every fifth command (the
// Telegram ones at 20 %) landed in 5 of the 25 chats, four a second each against Telegram's one.
let telegramSent = 0;
let slackSent = 0;
let failed = 0;

/** Sends the next command (Telegram's share of them to Telegram) and returns its id. */
async function sendOne(): Promise<string> {
  const k = ++n;
  if (k % Math.round(1 / TELEGRAM_SHARE) === 0) {
    const id = `t${k}`;
    const { user, chat } = people[telegramSent++ % people.length]!;
    const text = `/lead add Mix Lead ${id} 1500 USD`;
    sent.set(id, performance.now());
    const update = { update_id: updateId++, message: { message_id: k, from: user, chat, date: Math.floor(Date.now() / 1000), text, entities: [{ type: "bot_command", offset: 0, length: 5 }] } };
    const res = await fetch(`${base}${HOOK}`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) }).catch(() => null);
    await res?.arrayBuffer();
    if (!res?.ok) failed++;
    return id;
  }
  const id = `s${k}`;
  const s = slackSent++;
  const team = teams[s % teams.length]!;
  const body = new URLSearchParams(commandPayload(team, sinkBase + id, { command: "/lead", text: `add Mix Lead ${id} 1500 USD`, user: { id: `U0MIX${s % 50}`, name: `mixer${s % 50}` } })).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  sent.set(id, performance.now());
  const res = await fetch(`${base}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(slack.signingSecret, timestamp, body) },
    body,
  }).catch(() => null);
  await res?.arrayBuffer();
  if (res?.status !== 200) failed++;
  return id;
}

console.log(`mixed load: ${RATE} /lead add per second, ${Math.round(TELEGRAM_SHARE * 100)} % Telegram, 50 workspaces, PostgreSQL (node ${process.version})`);

/** Offers RATE commands a second for `seconds`, then waits (30 s at most) for their replies; the ids sent and the queue depth each second. */
async function phase(seconds: number) {
  const ids: string[] = [];
  const depth: number[] = [];
  const sampler = setInterval(() => depth.push(sent.size - replied.size), 1000);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < RATE * seconds; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(sendOne().then((id) => void ids.push(id)));
  }
  await Promise.all(inFlight);
  for (const until = Date.now() + 30_000; replied.size < sent.size && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
  clearInterval(sampler);
  return { ids, depth, drainedMs: performance.now() - start };
}

const first = await phase(FIRST_SECONDS);
const minute = await phase(SECONDS);
clearInterval(scan);

const latency = (ids: string[], prefix = "") =>
  ids.filter((id) => id.startsWith(prefix) && replied.has(id)).map((id) => replied.get(id)! - sent.get(id)!).sort((a, b) => a - b);
const row = (name: string, ids: string[], prefix = "") => {
  const xs = latency(ids, prefix);
  const of = ids.filter((id) => id.startsWith(prefix)).length;
  return `| ${name} | ${of} | ${xs.length} | ${percentile(xs, 50).toFixed(0)} | ${percentile(xs, 99).toFixed(0)} | ${xs.length ? xs[xs.length - 1]!.toFixed(0) : "-"} |`;
};
console.log("| replies | sent | answered | p50 ms | p99 ms | max ms |");
console.log("| --- | --- | --- | --- | --- | --- |");
console.log(row(`first contacts (${FIRST_SECONDS} s, cold process)`, first.ids));
console.log(row(`the minute: all (${SECONDS} s)`, minute.ids));
console.log(row("the minute: Slack", minute.ids, "s"));
console.log(row("the minute: Telegram", minute.ids, "t"));
console.log(`refused or failed requests: ${failed}`);
console.log(`first contacts: all answered ${(first.drainedMs / 1000).toFixed(1)} s after the first was sent; queue depth per second: ${first.depth.join(" ")}`);
console.log(`the minute: queue depth (sent, not yet answered) per second: ${minute.depth.join(" ")}`);

app.kill("SIGTERM");
await new Promise((resolve) => (app.exitCode !== null ? resolve(null) : app.once("exit", resolve)));
await db.drop();
sink.closeAllConnections();
sink.close();
await slack.close();
await tg.close();
process.exit(0);
