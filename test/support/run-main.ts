import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// The same command as `npm start`: node itself runs main.ts through tsx's loader, so signals reach the app
// directly rather than a wrapper process.
const COMMAND = [process.execPath, "--import", "tsx", "src/main.ts"] as const;

/**
 * Every entry point this test process started and that is still running. A test that fails before its
 * cleanup (a start-up that timed out under load leaves `afterAll` nothing to stop) would otherwise leave the
 * app running on after the test file, polling emulators that are gone: they are ended when this process ends.
 */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** The entry point as a child process with a minimal environment (plus `env`) and all three pipes. */
function spawnEntry(env: Record<string, string>) {
  const child = spawn(COMMAND[0], COMMAND.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", TZ: "UTC", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

export type RunResult = { code: number | null; stdout: string; stderr: string; ms: number };

/** Runs `npm start`'s entry point as a real process, with `input` piped to its stdin. */
export function runMain(env: Record<string, string>, input: string, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawnEntry(env);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(input);
  });
}

/** Starts the entry point and leaves it running (stdin open), for tests that need two processes at once. */
export function startMain(env: Record<string, string>) {
  const child = spawnEntry(env);
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  return {
    child,
    output: () => stdout,
    async waitFor(text: string, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (!stdout.includes(text)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${JSON.stringify(text)}; got ${stdout}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** A port that was free a moment ago (the app binds it itself). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Starts the entry point as a server (no stdin input), keeping both streams, for tests that talk to it over
 * the network: `exited` resolves with its exit code or the signal that ended it.
 */
export function spawnMain(env: Record<string, string>) {
  const child = spawnEntry(env);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid!,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves once the app logged that it started (LOG_LEVEL info); fails if it exits first, or after `limitMs`. */
    async started(limitMs = 50_000): Promise<void> {
      const until = Date.now() + limitMs;
      while (!stderr.includes("threadline started")) {
        if (child.exitCode !== null) throw new Error(`exited before it started: ${stderr}`);
        if (Date.now() > until) throw new Error(`not started after ${limitMs} ms: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Sends `signal` and resolves with how the process ended; SIGKILL follows if it is still there after `limitMs`. */
    async stop(signal: NodeJS.Signals = "SIGTERM", limitMs = 20_000): Promise<Exit> {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type RunningMain = ReturnType<typeof spawnMain>;

/** The variables that point both doors at the emulators: Slack over HTTP, Telegram by long polling. */
export function doorsEnv(
  slack: { botToken: string; signingSecret: string; apiUrl: string },
  tg: { token: string; apiRoot: string },
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
  };
}

/** `promise`, or a failure naming `what` once `limitMs` pass: a safety net for waits that have no limit of their own. */
export function within<T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${limitMs} ms waiting for ${what}`)), limitMs);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
