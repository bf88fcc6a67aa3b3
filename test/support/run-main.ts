import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// The same command as `npm start`: node itself runs main.ts through tsx's loader, so signals reach the app
// directly rather than a wrapper process.
const COMMAND = [process.execPath, "--import", "tsx", "src/main.ts"] as const;

export type RunResult = { code: number | null; stdout: string; stderr: string; ms: number };

/** Runs `npm start`'s entry point as a real process, with `input` piped to its stdin. */
export function runMain(env: Record<string, string>, input: string, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(COMMAND[0], COMMAND.slice(1), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", TZ: "UTC", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
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
  const child = spawn(COMMAND[0], COMMAND.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", TZ: "UTC", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
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
