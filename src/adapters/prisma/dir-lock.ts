import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * PGlite is one process, one connection: two processes on one data directory corrupt it. The lock is a
 * file beside the directory (never inside it, so taking it cannot touch the data), created with O_EXCL
 * and holding our pid. A lock whose pid is gone is stale and taken over.
 */
export function lockDataDir(dir: string): () => void {
  const path = `${dir.replace(/\/+$/, "")}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8"));
      if (holder && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(dir, 0);
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database ${dir} is in use by another Threadline process (pid ${pid}). ` +
        `Run one instance, or point DATABASE_URL at a PostgreSQL server to run several.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
