// How many statements (round trips to PostgreSQL) each hot command costs in Threadline, the figure issue 12's
// "as few statements as the baseline, give or take one" is about. The app runs as `npm start` does, on a fresh
// database, with bench/count-sql.preload.mjs counting every statement it sends through `pg`. For each command:
// a warm-up, then `--runs` sequential runs, then an idle spell as long as the runs took (the outbox and inbox
// poll in the background); statements per command = (runs − idle) / runs.
//   npx tsx bench/statements.ts [--runs 20] [--verbose]
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackEmulator } from "../test/emulators/slack-emulator.js";
import { freePort, spawnMain } from "../test/support/run-main.js";
import { countsSince, flag, freshPostgres, sqlCounts } from "./support.js";

const RUNS = flag("runs", 20);
const VERBOSE = process.argv.includes("--verbose");
const user = { id: "U0STMT", name: "anna" };

const emulator = await startSlackEmulator({ users: { U0STMT: { name: "anna", tz: "UTC" } } });
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
const target = `http://127.0.0.1:${port}/slack/events`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const snapshot = sqlCounts(app.child, countFile);
const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** Sends one slash command and waits for its answer on response_url. */
async function command(command: string, text: string) {
  const sent = await emulator.sendCommand(target, { command, text, user });
  if (sent.status !== 200 || sent.body.trim()) throw new Error(`${command} ${text}: ${sent.status} ${sent.body}`);
  const id = sent.responseUrl.split("/").pop();
  await emulator.waitFor(() => emulator.responses.find((response) => response.id === id), `the answer to ${command} ${text}`, 30_000);
}

try {
  await emulator.waitFor(() => emulator.callsTo("auth.test").length > 0, "the app to start", 60_000);
  let n = 0;
  const scenarios: Array<[string, string, () => string]> = [
    ["/lead add", "/lead", () => `add Stmt Lead ${++n} 1500 USD`],
    ["/lead list", "/lead", () => "list"],
    ["/lead show", "/lead", () => "show 1"],
    ["/lead find", "/lead", () => "find Stmt"],
    ["/task add", "/task", () => `add Call ${++n} @anna due tomorrow 10:00`],
    ["/task list", "/task", () => "list"],
    ["/task done", "/task", () => `done ${++n % 40 + 1}`],
  ];
  console.log(`Statements sent to PostgreSQL per Slack command, ${RUNS} sequential runs each, background subtracted (node ${process.version})`);
  console.log("| command | statements/command |");
  console.log("| --- | --- |");
  // Enough tasks for `/task done` to find open ones.
  for (let i = 0; i < 45; i++) await command("/task", `add Seed ${i} @anna due tomorrow 10:00`);
  for (const [label, name, text] of scenarios) {
    for (let i = 0; i < 3; i++) await command(name, text());
    const before = await snapshot();
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) await command(name, text());
    const during = await snapshot();
    await sleep(Date.now() - started);
    const idle = countsSince(await snapshot(), during);
    const work = countsSince(during, before);
    const perCommand = (total(work) - total(idle)) / RUNS;
    console.log(`| \`${label}\` | ${perCommand.toFixed(1)} |`);
    if (VERBOSE) {
      for (const [head, count] of [...work].sort((a, b) => b[1] - a[1])) console.log(`    ${(count / RUNS).toFixed(2)}  ${head}`);
      for (const [head, count] of idle) console.log(`    idle ${count}  ${head}`);
    }
  }
} finally {
  await app.stop("SIGTERM");
  await emulator.close();
  await db.drop();
  rmSync(countFile, { force: true });
}
process.exit(0);
