import { DataDirLockedError, lockDataDir } from "../../src/adapters/prisma/dir-lock.js";

// A process that takes the embedded-database lock on argv[2], says "locked" and holds it until killed (or until
// its stdin ends); exits 2 with the lock's message when another process holds it. Used by the lock tests.
try {
  const unlock = await lockDataDir(process.argv[2]!);
  process.stdout.write("locked\n");
  process.stdin.resume();
  process.stdin.on("end", () => {
    unlock();
    process.exit(0);
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof DataDirLockedError ? 2 : 1);
}
