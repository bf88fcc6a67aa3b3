// What a caller's first contact costs, against a command from someone already known: statements sent to
// PostgreSQL (bench/count-sql.preload.mjs counts them, as in bench/statements.ts) and the time until the reply.
// Ten `/lead add` each from: a new Slack team (a new workspace and its owner), a known team's new person, and
// a known person, one after another.
//   npx tsx bench/first-contact.ts [--verbose]
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackEmulator } from "../test/emulators/slack-emulator.js";
import { commandPayload, sign } from "../test/emulators/slack-payloads.js";
import { freePort, spawnMain } from "../test/support/run-main.js";
import { countsSince, freshPostgres, replySink, sqlCounts } from "./support.js";

const VERBOSE = process.argv.includes("--verbose");
const emulator = await startSlackEmulator({});
const db = await freshPostgres();
const countFile = join(tmpdir(), `tl-sql-count-${process.pid}.json`);
const port = await freePort();
const app = spawnMain({
  DATABASE_URL: db.url,
  PORT: String(port),
  LOG_LEVEL: "error",
  CONSOLE_CHAT: "off",
  SLACK_BOT_TOKEN: emulator.botToken,
  SLACK_SIGNING_SECRET: emulator.signingSecret,
  SLACK_API_URL: emulator.apiUrl,
  SQL_COUNT_FILE: countFile,
  NODE_OPTIONS: `--import=${new URL("./count-sql.preload.mjs", import.meta.url).href}`,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const snapshot = sqlCounts(app.child, countFile);
const sink = await replySink();

type Team = { id: string; domain: string };
type User = { id: string; name: string };
let n = 0;
/** Sends one signed `/lead add` and resolves with the ms until its reply reached response_url. */
async function send(team: Team, user: User): Promise<number> {
  const id = String(++n);
  const body = new URLSearchParams(commandPayload(team, sink.base + id, { command: "/lead", text: `add First Lead ${n} 1500 USD`, user })).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const replied = sink.reply(id, 30_000);
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(emulator.signingSecret, timestamp, body) },
    body,
  });
  await res.arrayBuffer();
  if (!(await replied)) throw new Error(`no reply to ${id} within 30 s`);
  return performance.now() - t0;
}

try {
  await emulator.waitFor(() => emulator.callsTo("auth.test").length > 0, "the app to start", 60_000);
  console.log(`First contacts against known callers: /lead add, 10 of each, one after another (node ${process.version})`);
  const known = { id: "T0NEW1", domain: "new1" };
  const kinds: Array<[string, (i: number) => [Team, User]]> = [
    ["new team", (i) => [{ id: `T0NEW${i}`, domain: `new${i}` }, { id: `U0NEW${i}`, name: `new${i}` }]],
    ["known team, new person", (i) => [known, { id: `U0P${i}`, name: `p${i}` }]],
    ["known person", (i) => [known, { id: `U0P${i}`, name: `p${i}` }]],
  ];
  for (const [label, who] of kinds) {
    const before = await snapshot();
    const times: number[] = [];
    for (let i = 1; i <= 10; i++) times.push(await send(...who(i)));
    await sleep(300);
    const work = countsSince(await snapshot(), before);
    const statements = [...work.values()].reduce((a, b) => a + b, 0) / 10;
    console.log(`${label}: reply ms ${times.map((t) => t.toFixed(0)).join(" ")}; statements/command ${statements.toFixed(1)}`);
    if (VERBOSE) for (const [head, count] of [...work].sort((a, b) => b[1] - a[1])) console.log(`    ${(count / 10).toFixed(1)}  ${head}`);
  }
} finally {
  await app.stop("SIGTERM");
  await emulator.close();
  await db.drop();
  await sink.close();
  rmSync(countFile, { force: true });
}
process.exit(0);
