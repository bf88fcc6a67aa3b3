/**
 * Fault b: SIGTERM during a burst. `npm start` (Slack over HTTP, against the emulator) gets `--commands`
 * Slack `/lead add` commands, 20 at a time; 1 s after the first is acknowledged it gets SIGTERM, while the
 * rest keep coming. Counted: its exit code, and of the acknowledged commands, how many were done when it
 * exited, and how many after one more start on the same data (an acknowledged command may wait for that).
 *
 *   npm run faults:sigterm -- [--commands 300] [--engine pglite|postgres|both]
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { Exit } from "../support/run-main.js";
import { createBurstLedger, describeTally, type Tally } from "./burst.js";
import { faultDatabase, faultWorld, quiet, type Engine } from "./fault-harness.js";

export type SigtermOptions = { engine: Engine; commands: number; termAfterMs?: number; log?: (line: string) => void };
export type SigtermFigures = { engine: Engine; commands: number; exit: Exit; stopMs: number; atExit: Tally; afterRestart: Tally };

export async function sigtermBurst({ engine, commands, termAfterMs = 1_000, log = () => {} }: SigtermOptions): Promise<SigtermFigures> {
  const world = await faultWorld({ telegram: "polling" });
  const db = await faultDatabase(engine);
  const ledger = createBurstLedger(world);
  try {
    const app = await world.start(db.url);
    const burst = ledger.slackBurst(0, commands, 20, () => false);
    await quiet(() => ledger.slackAcks() > 0, 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, termAfterMs));
    const termAt = Date.now();
    log(`SIGTERM after ${ledger.slackAcks()} acks`);
    const exit = await app.stop("SIGTERM", 120_000);
    const stopMs = Date.now() - termAt;
    await burst;
    log(`exited ${JSON.stringify(exit)} in ${stopMs} ms`);
    const atExit = (await ledger.tally(db)).slack;

    const again = await world.start(db.url);
    await ledger.drain();
    await again.stop("SIGTERM");
    const afterRestart = (await ledger.tally(db)).slack;
    return { engine, commands, exit, stopMs, atExit, afterRestart };
  } finally {
    await world.close();
    await db.drop();
  }
}

export function describeSigterm(figures: SigtermFigures): string {
  return [
    `SIGTERM into ${figures.commands} Slack commands on ${figures.engine}: exit ${JSON.stringify(figures.exit)} after ${figures.stopMs} ms`,
    `  at exit:        ${describeTally("Slack", figures.atExit)}`,
    `  after restart:  ${describeTally("Slack", figures.afterRestart)}`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { commands: { type: "string", default: "300" }, engine: { type: "string", default: "both" } } });
  const engines: Engine[] = values.engine === "both" ? ["pglite", "postgres"] : [values.engine as Engine];
  for (const engine of engines) {
    const figures = await sigtermBurst({ engine, commands: Number(values.commands), log: (line) => process.stderr.write(`[${engine}] ${line}\n`) });
    process.stdout.write(`${describeSigterm(figures)}\n`);
  }
}
