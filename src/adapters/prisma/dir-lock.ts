import { createHash } from "node:crypto";
import { mkdirSync, realpathSync, unlinkSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { basename, dirname, join, relative } from "node:path";

/** The longest Unix socket path the kernel takes (sun_path is 108 bytes on Linux, 104 on macOS, with the NUL). */
const MAX_SOCKET_PATH = 103;

/**
 * PGlite is one process, one connection: two processes on one data directory corrupt it. The lock is a
 * listening Unix socket, which the kernel closes the moment its process dies (kill -9 included, zombie or
 * not), so no pid is ever guessed at:
 *
 * - on Linux first an abstract socket named after the directory's real path: binding it is atomic and
 *   leaves no file behind, so of any number of simultaneous starts exactly one gets it;
 * - then a socket file beside the directory (`<dir>.lock`, never inside it, so taking the lock cannot touch
 *   the data), which processes that do not share the abstract namespace (containers on one volume) see too.
 *   A file that nobody answers on is left over from a dead process: it is removed and bound again. On Linux
 *   only the abstract lock's holder ever does that, so two starters cannot both remove and re-bind it.
 *
 * Resolves with the unlock function; rejects with DataDirLockedError while another live process holds it.
 */
export async function lockDataDir(dir: string): Promise<() => void> {
  const base = dir.replace(/\/+$/, "");
  mkdirSync(dirname(base), { recursive: true });
  const held: Server[] = [];
  const unlock = () => {
    // The file socket first: closing a listening socket removes its file, while the abstract lock still
    // keeps any other starter from binding a new one in between.
    for (const server of held.reverse()) server.close();
  };
  try {
    if (process.platform === "linux") held.push(await listenOrLocked(abstractName(base), dir));
    const file = socketPath(`${base}.lock`);
    if (file) held.push(await takeFileSocket(file, dir));
    else if (held.length === 0) throw new Error(`The data directory path ${dir} is too long for its lock; use a shorter one.`);
  } catch (error) {
    unlock();
    throw error;
  }
  return unlock;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number | null,
  ) {
    super(
      `The embedded database ${dir} is in use by another Threadline process${pid ? ` (pid ${pid})` : ""}. ` +
        `Run one instance, or point DATABASE_URL at a PostgreSQL server to run several.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** Named after the directory's real path, so two names for one directory (a symlink) share one lock. */
function abstractName(base: string): string {
  let real: string;
  try {
    real = realpathSync(base);
  } catch {
    real = join(realpathSync(dirname(base)), basename(base));
  }
  return `\0threadline-lock-${createHash("sha256").update(real).digest("hex").slice(0, 40)}`;
}

/** The socket file's path as bound: relative to the working directory when that fits the kernel's limit better. */
function socketPath(path: string): string | null {
  const short = [path, relative(process.cwd(), path)].sort((a, b) => a.length - b.length)[0]!;
  return short.length <= MAX_SOCKET_PATH ? short : null;
}

async function takeFileSocket(path: string, dir: string): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await listen(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 2) throw error;
      const holder = await ask(path);
      if (holder !== undefined) throw new DataDirLockedError(dir, holder);
      // Nobody listens: a dead process's socket (or an older version's lock file). Remove it and bind again.
      try {
        unlinkSync(path);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== "ENOENT") throw unlinkError;
      }
    }
  }
}

async function listenOrLocked(name: string, dir: string): Promise<Server> {
  try {
    return await listen(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    // An abstract name exists only while its socket is open, so its holder is alive.
    throw new DataDirLockedError(dir, (await ask(name)) ?? null);
  }
}

/** Listens on `path`, answering each connection with this process's pid (for the loser's message). */
function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      // An asker that is already gone (a losing start that exited, or gave up) makes this write fail with
      // EPIPE or ECONNRESET. Unhandled, that error event would crash the holder: the one process that is right.
      socket.on("error", () => {});
      socket.end(String(process.pid));
    });
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      // The lock must not keep the process alive by itself; errors after listening are not the lock's.
      server.on("error", () => {});
      server.unref();
      resolve(server);
    });
  });
}

/** The holder's pid (null if it answered without one), or undefined when nobody listens on `path`. */
function ask(path: string): Promise<number | null | undefined> {
  return new Promise((resolve) => {
    let answer = "";
    const socket = createConnection(path);
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("end", () => resolve(Number(answer) || null));
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED" || error.code === "ENOENT" ? undefined : null));
    socket.on("close", () => resolve(Number(answer) || null));
  });
}
