// Loaded with NODE_OPTIONS=--import into an app process by bench/statements.ts: counts every statement the process
// sends to PostgreSQL through `pg` (one round trip each, COMMIT included; a BEGIN sent with its transaction's first
// statement, pg-begin.ts, is that statement's round trip and not counted apart) and, on SIGUSR2, writes
// the counts so far, by the statement's first words, to $SQL_COUNT_FILE.
import { writeFileSync } from "node:fs";
import pg from "pg";

const counts = new Map();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  const first = args[0];
  const text = typeof first === "string" ? first : (first?.text ?? "?");
  const head = text.replace(/\s+/g, " ").trim().slice(0, 90);
  counts.set(head, (counts.get(head) ?? 0) + 1);
  return original.apply(this, args);
};

process.on("SIGUSR2", () => {
  writeFileSync(process.env.SQL_COUNT_FILE, JSON.stringify(Object.fromEntries(counts)));
});
