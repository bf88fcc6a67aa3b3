import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createConnection } from "node:net";
import { ROOT } from "../support/run-main.js";

/**
 * `npm start` itself (npm, its shell, node: one process group), on the embedded database, as a person runs it
 * with the console chat. The restart and simultaneous-start faults of the embedded-database lock, measured.
 */
export function startNpm(dataDir: string) {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    // Its own process group, so the whole `npm start` tree can be killed at once, as a terminal or a supervisor does.
    detached: true,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      TZ: "UTC",
      LOG_LEVEL: "warn",
      DATABASE_URL: `pglite:${dataDir}`,
      CONSOLE_USER: "anna",
    },
    stdio: ["pipe", "pipe", "pipe"],
  }) as ChildProcessWithoutNullStreams;
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  async function until(test: () => boolean, limitMs: number): Promise<boolean> {
    const end = Date.now() + limitMs;
    while (!test()) {
      if (exitCode !== undefined || Date.now() > end) return test();
      await sleep(25);
    }
    return true;
  }

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    alive: () => exitCode === undefined,
    /** "ready" once the console chat greets, else how it ended (exit code 2: the lock was held). */
    async outcome(limitMs = 120_000): Promise<"ready" | { code: number | null | undefined; stderr: string }> {
      if (await until(() => stdout.includes("console chat"), limitMs)) return "ready";
      return { code: exitCode, stderr };
    },
    /** Types a command and waits for text in the answer. */
    async say(line: string, expect: RegExp, limitMs = 60_000): Promise<boolean> {
      const from = stdout.length;
      child.stdin.write(`${line}\n`);
      return until(() => expect.test(stdout.slice(from)), limitMs);
    },
    /** kill -9 of the whole process group (npm, sh, node), returning at once: nothing waits for it to be reaped. */
    killGroup() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
}

export type RestartFigures = { cycles: number; started: number; refused: number; refusals: string[]; leadsAdded: number };

/**
 * Starts `npm start`, adds a lead, kills the process group with SIGKILL and starts again at once, `cycles`
 * times. Every start should get the lock: the dead one's socket died with it, zombie or not.
 */
export async function immediateRestarts(dataDir: string, cycles: number, progress: (line: string) => void = () => {}): Promise<RestartFigures> {
  const figures: RestartFigures = { cycles, started: 0, refused: 0, refusals: [], leadsAdded: 0 };
  for (let i = 1; i <= cycles; i++) {
    const app = startNpm(dataDir);
    const outcome = await app.outcome();
    if (outcome === "ready") {
      figures.started++;
      if (await app.say(`/lead add Restart ${i} 1 USD`, /Lead #\d+ created/)) figures.leadsAdded++;
    } else {
      figures.refused++;
      figures.refusals.push(`cycle ${i}: exit ${outcome.code}: ${outcome.stderr.trim().split("\n")[0]}`);
    }
    app.killGroup();
    progress(`cycle ${i}: ${outcome === "ready" ? "started" : "REFUSED"}`);
  }
  return figures;
}

export type SimultaneousFigures = { rounds: number; exactlyOne: number; runningPerRound: number[]; refusedWithLockMessage: number };

/**
 * Each round: leave a stale lock (kill -9 a running instance), then start four at once on the same directory.
 * Exactly one must keep running; the other three must exit with the lock's message.
 */
export async function simultaneousStarts(dataDir: string, rounds: number, progress: (line: string) => void = () => {}): Promise<SimultaneousFigures> {
  const figures: SimultaneousFigures = { rounds, exactlyOne: 0, runningPerRound: [], refusedWithLockMessage: 0 };
  for (let round = 1; round <= rounds; round++) {
    const stale = startNpm(dataDir);
    await stale.outcome();
    stale.killGroup();
    await stale.exited;
    // The killed process may take a moment to die under load (a write in flight): race once its socket file
    // is stale (nobody answers on it), which is the case this measures.
    await untilStale(`${dataDir}.lock`);
    const four = [1, 2, 3, 4].map(() => startNpm(dataDir));
    const outcomes = await Promise.all(four.map((app) => app.outcome()));
    // Give a loser that got past start-up a moment to fail, then count who is really serving.
    await sleep(1_000);
    const running = four.filter((app, i) => outcomes[i] === "ready" && app.alive()).length;
    figures.runningPerRound.push(running);
    if (running === 1) figures.exactlyOne++;
    figures.refusedWithLockMessage += four.filter((app) => !app.alive() && /in use by another Threadline process/.test(app.stderr())).length;
    for (const app of four) app.killGroup();
    await Promise.all(four.map((app) => app.exited));
    progress(`round ${round}: ${running} running`);
  }
  return figures;
}

/** The leads a fresh start lists, to check the data survived every kill. */
export async function leadCount(dataDir: string): Promise<number> {
  const app = startNpm(dataDir);
  if ((await app.outcome()) !== "ready") return -1;
  await app.say("/lead list all", /of \d+ leads?|No leads yet/);
  app.child.stdin.end();
  await app.exited;
  const match = /(\d+) of (\d+) leads?/.exec(app.stdout());
  return match ? Number(match[2]) : 0;
}

/** Waits until nobody listens on the lock's socket file any more (refused), for at most 30 s. */
async function untilStale(path: string) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection(path);
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
    if (refused) return;
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
