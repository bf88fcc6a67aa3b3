/**
 * Fault a: kill -9 during bursts. For each engine, `--cycles` times: start `npm start` (Slack over HTTP,
 * Telegram by long polling, against the emulators), send a burst of Slack and Telegram `/lead add` commands,
 * SIGKILL the process part-way through, and start it again at once on the same data. Then one last start
 * works off whatever it can, and the count: acknowledged, done, lost (acknowledged, never done), done twice,
 * answered.
 *
 *   npm run faults:kill9 -- [--cycles 20] [--engine pglite|postgres|both] [--slack 40] [--telegram 20]
 *
 * PostgreSQL: a database of its own on FAULTS_DATABASE_URL (or TEST_DATABASE_URL, or 127.0.0.1:5432),
 * created and dropped by the run.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { RunningMain } from "../support/run-main.js";
import { createBurstLedger, describeTally, type Tally } from "./burst.js";
import { faultDatabase, faultWorld, quiet, type Engine } from "./fault-harness.js";

export type Kill9Options = {
  engine: Engine;
  cycles: number;
  /** Slack commands offered per cycle (sent 8 at a time until the kill), Telegram updates queued per cycle. */
  slackPerCycle: number;
  telegramPerCycle: number;
  log?: (line: string) => void;
};

export type Kill9Figures = { engine: Engine; cycles: number; slack: Tally; telegram: Tally; unackedDone: number; refusedStarts: number; drained: boolean };

/** When in cycle `cycle` the kill comes, ms after its first Slack ack: spread over 0.3-1.5 s, the same every run. */
const killAfterMs = (cycle: number) => 300 + ((cycle * 379) % 1200);

export async function kill9Burst({ engine, cycles, slackPerCycle, telegramPerCycle, log = () => {} }: Kill9Options): Promise<Kill9Figures> {
  const world = await faultWorld({ telegram: "polling" });
  const db = await faultDatabase(engine);
  const ledger = createBurstLedger(world);
  let refusedStarts = 0;

  /** Starts the product again at once; a start refused (the data still locked by the dead one) is counted and tried again. */
  async function restart(): Promise<RunningMain> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await world.start(db.url);
      } catch (error) {
        refusedStarts++;
        if (attempt >= 20) throw error;
        log(`start refused (${attempt}): ${String(error).split("\n")[0]}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const app = await restart();
      let killed = false;
      ledger.telegramBurst(cycle, telegramPerCycle);
      const burst = ledger.slackBurst(cycle, slackPerCycle, 8, () => killed);
      // Timed from the first ack, so each kill lands in work under way however slow the start was.
      const acksBefore = ledger.slackAcks();
      await quiet(() => ledger.slackAcks() > acksBefore, 0, 30_000);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs(cycle)));
      killed = true;
      await app.stop("SIGKILL");
      await burst;
      log(`cycle ${cycle + 1}/${cycles}: killed after ${killAfterMs(cycle)} ms`);
    }
    // The last start: it gets to finish, and whatever it can still do, it does.
    const app = await restart();
    const drained = await ledger.drain();
    const exit = await app.stop("SIGTERM");
    log(`final run drained: ${drained}; exit ${JSON.stringify(exit)}`);
    const { slack, telegram, unackedDone } = await ledger.tally(db);
    return { engine, cycles, slack, telegram, unackedDone, refusedStarts, drained };
  } finally {
    await world.close();
    await db.drop();
  }
}

export function describeKill9(figures: Kill9Figures): string {
  return [
    `kill -9 × ${figures.cycles} on ${figures.engine} (starts refused: ${figures.refusedStarts}, drained: ${figures.drained}, done without an ack: ${figures.unackedDone})`,
    `  ${describeTally("Slack", figures.slack)}`,
    `  ${describeTally("Telegram", figures.telegram)}`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      cycles: { type: "string", default: "20" },
      engine: { type: "string", default: "both" },
      slack: { type: "string", default: "40" },
      telegram: { type: "string", default: "20" },
    },
  });
  const engines: Engine[] = values.engine === "both" ? ["pglite", "postgres"] : [values.engine as Engine];
  for (const engine of engines) {
    const figures = await kill9Burst({
      engine,
      cycles: Number(values.cycles),
      slackPerCycle: Number(values.slack),
      telegramPerCycle: Number(values.telegram),
      log: (line) => process.stderr.write(`[${engine}] ${line}\n`),
    });
    process.stdout.write(`${describeKill9(figures)}\n`);
  }
}
