import { runDatabaseOutage, type OutageFigures } from "./db-outage.run.js";
import type { Outage } from "../support/tcp-proxy.js";

// npm run faults:db [-- --shape blackhole|stall|reset|all] [--seconds 15]
// A PostgreSQL outage of each shape under steady Slack and Telegram traffic, against `npm start` as a real
// process; prints one table row per shape. Needs a PostgreSQL server: TEST_DATABASE_URL, or the local one.

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const shapeFlag = flag("shape", "all");
const shapes: Outage[] = shapeFlag === "all" ? ["reset", "stall", "blackhole"] : [shapeFlag as Outage];
const seconds = Number(flag("seconds", "15"));
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const results: OutageFigures[] = [];
for (const shape of shapes) {
  console.log(`\n== ${shape}: ${seconds} s`);
  const result = await runDatabaseOutage({
    serverUrl,
    shape,
    outageMs: seconds * 1000,
    beforeMs: 5_000,
    afterMs: 30_000,
    intervalMs: 500,
    drainMs: 60_000,
    progress: (line) => console.log(`   ${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  console.log(JSON.stringify(result, null, 2));
  results.push(result);
}

console.log("\n| outage | recovery s | first done s | acked in outage | done | error | silent | acked after | done | error | silent | late Slack acks | lost-connection logs |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  const d = r.windows.during;
  const a = r.windows.after;
  console.log(
    `| ${r.shape} ${r.outageSeconds} s | ${r.recoverySeconds ?? "never"} | ${r.firstDoneSeconds ?? "–"} | ${d.acked}/${d.sent} | ${d.done} | ${d.error} | ${d.silent} | ${a.acked}/${a.sent} | ${a.done} | ${a.error} | ${a.silent} | ${r.lateSlackAcks} | ${r.connectionLostLogs} |`,
  );
}
const silent = results.reduce((sum, r) => sum + r.windows.before.silent + r.windows.during.silent + r.windows.after.silent, 0);
const slow = results.filter((r) => r.recoverySeconds === null || r.recoverySeconds > 30);
console.log(silent === 0 && slow.length === 0 ? "\nPASS: none silent, every shape recovered within 30 s" : `\nFAIL: ${silent} silent, ${slow.length} shape(s) not recovered within 30 s`);
process.exit(silent === 0 && slow.length === 0 ? 0 : 1);
