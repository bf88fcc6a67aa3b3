import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { immediateRestarts, leadCount, simultaneousStarts } from "./restarts.run.js";

// npm run faults:lock [-- --restarts 20] [--rounds 10]
// The embedded-database lock against `npm start` as a real process group: immediate restarts after kill -9
// of the whole group, then rounds of four simultaneous starts with a stale lock present.

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const restarts = flag("restarts", 20);
const rounds = flag("rounds", 10);
const root = mkdtempSync(join(tmpdir(), "threadline-faults-lock-"));
const dataDir = join(root, "db");
const log = (line: string) => console.log(`   ${new Date().toISOString().slice(11, 19)} ${line}`);

try {
  console.log(`== ${restarts} immediate restarts after kill -9 of the npm start process group`);
  const restart = await immediateRestarts(dataDir, restarts, log);
  console.log(JSON.stringify(restart, null, 2));
  console.log(`== ${rounds} rounds of 4 simultaneous starts, a stale lock present`);
  const simultaneous = await simultaneousStarts(dataDir, rounds, log);
  console.log(JSON.stringify(simultaneous, null, 2));
  const leads = await leadCount(dataDir);
  console.log(`leads after all the kills: ${leads} (added and confirmed: ${restart.leadsAdded})`);

  console.log("\n| fault | result |");
  console.log("| --- | --- |");
  console.log(`| immediate restart after kill -9 of the process group | ${restart.started} of ${restart.cycles} started (${restart.refused} refused) |`);
  console.log(
    `| 4 simultaneous starts, stale lock present | exactly one running in ${simultaneous.exactlyOne} of ${simultaneous.rounds} rounds (${simultaneous.refusedWithLockMessage} of ${simultaneous.rounds * 3} others refused with the lock's message) |`,
  );
  console.log(`| data after every kill | ${leads} leads listed, ${restart.leadsAdded} confirmed added |`);
  const pass =
    restart.started === restart.cycles && simultaneous.exactlyOne === simultaneous.rounds && simultaneous.refusedWithLockMessage === rounds * 3 && leads === restart.leadsAdded;
  console.log(pass ? "\nPASS" : "\nFAIL");
  process.exitCode = pass ? 0 : 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
