import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import type { SqlRunner } from "../src/adapters/prisma/client.js";

/** Shared by the benchmark scripts: flags, percentiles, fresh databases, the result table, reply sinks, statement counts. */

export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

/** A text option (`--only pglite`), or null when it is not given. */
export function textFlag(name: string): string | null {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? null) : null;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const POSTGRES_SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A fresh database on the PostgreSQL server, and how to drop it. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tl_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_SERVER });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export type LoadResult = {
  target: string;
  sent: number;
  acked: number;
  failed: number;
  seconds: number;
  ackMs: number[];
  visibleMs: number[];
  /** Seconds from the first request until the last reply was visible: the backlog drained. */
  drainSeconds?: number;
  /** Work counted in the database (a work instance apart): done by the load's end, in all, and when the last was. */
  work?: { duringLoad: number; total: number; left: number; seconds: number };
  /** Acks that were the "busy, try again" answer (the inbox full): nothing was recorded for them. */
  busy?: number;
};

export function summarize(r: LoadResult) {
  const ack = [...r.ackMs].sort((a, b) => a - b);
  const visible = [...r.visibleMs].sort((a, b) => a - b);
  return {
    target: r.target,
    throughput: r.acked / r.seconds,
    ackP50: percentile(ack, 50),
    ackP99: percentile(ack, 99),
    visibleP50: percentile(visible, 50),
    visibleP99: percentile(visible, 99),
    replies: r.visibleMs.length,
    repliesPerSecond: r.drainSeconds ? r.visibleMs.length / r.drainSeconds : NaN,
    failed: r.failed,
  };
}

export function printTable(rows: ReturnType<typeof summarize>[], baseline: ReturnType<typeof summarize>) {
  const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
  const header = ["target", "acks/s", "x bare", "ack p50 ms", "ack p99 ms", "p99 x bare", "replies/s", "reply p50 ms", "reply p99 ms", "replies", "failed"];
  const lines = rows.map((row) => [
    row.target,
    fmt(row.throughput),
    fmt(row.throughput / baseline.throughput, 2),
    fmt(row.ackP50),
    fmt(row.ackP99),
    fmt(row.ackP99 / baseline.ackP99, 2),
    fmt(row.repliesPerSecond),
    fmt(row.visibleP50),
    fmt(row.visibleP99),
    String(row.replies),
    String(row.failed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const show = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(show(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(show(line));
}

/** Acks the inbox holds no row for were "busy" refusals: the database is fresh, so its rows are this load's. */
export async function countRefusals(sql: Pick<SqlRunner, "query">, result: LoadResult) {
  const [row] = await sql.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM "InboundDelivery"`);
  result.busy = result.acked - row!.rows;
}

/** The acks that carried the inbox's insert, against the baseline's acks; and the work's rate, where counted. */
export function printRecorded(results: LoadResult[], baseline: ReturnType<typeof summarize>) {
  for (const result of results) {
    const recorded = (result.acked - (result.busy ?? 0)) / result.seconds;
    console.log(`${result.target}: ${result.busy ?? 0} of ${result.acked} acks were "busy" (nothing recorded); acks with the insert ${recorded.toFixed(1)}/s, ${(recorded / baseline.throughput).toFixed(2)} x bare`);
    const { work } = result;
    if (work) {
      console.log(
        `${result.target}: worked ${work.duringLoad} during the load (${(work.duringLoad / result.seconds).toFixed(1)}/s); ` +
          `${work.total} by ${work.seconds.toFixed(1)} s (${(work.total / work.seconds).toFixed(1)}/s), ${work.left} left`,
      );
    }
  }
}

/** Runs `worker` on `concurrency` loops until `seconds` pass; each call is one request. */
export async function closedLoop(concurrency: number, seconds: number, worker: () => Promise<void>) {
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) await worker();
    }),
  );
}

/**
 * Acks come first and the work after, so a backlog may still be draining when the load stops: waits for
 * every reply (giving up only when none has arrived for 15 s), then records reply times and the drain time.
 */
export async function collectReplies(
  result: LoadResult,
  started: Map<string | number, number>,
  arrived: Map<string | number, number>,
  loadStart: number,
) {
  let seen = -1;
  let lastProgress = Date.now();
  while (arrived.size < result.acked && Date.now() - lastProgress < 15_000) {
    if (arrived.size !== seen) [seen, lastProgress] = [arrived.size, Date.now()];
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [id, at] of arrived) {
    const t0 = started.get(id);
    if (t0 !== undefined) result.visibleMs.push(at - t0);
  }
  if (arrived.size) result.drainSeconds = (Math.max(...arrived.values()) - loadStart) / 1000;
}

/**
 * The statement counts of an app started with bench/count-sql.preload.mjs (NODE_OPTIONS=--import): SIGUSR2
 * makes it write them to `countFile`, by each statement's first words.
 */
export function sqlCounts(child: ChildProcess, countFile: string) {
  return async (): Promise<Map<string, number>> => {
    rmSync(countFile, { force: true });
    child.kill("SIGUSR2");
    for (let i = 0; i < 100; i++) {
      try {
        return new Map(Object.entries(JSON.parse(readFileSync(countFile, "utf8")) as Record<string, number>));
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    throw new Error("the app did not write its statement counts");
  };
}

/** The statements counted between two snapshots of `sqlCounts`, by first words. */
export const countsSince = (after: Map<string, number>, before: Map<string, number>) =>
  new Map([...after].map(([head, n]) => [head, n - (before.get(head) ?? 0)] as const).filter(([, n]) => n > 0));

/** Where an app under test posts its replies (response_url): each request id resolves the promise its sender waits on. */
export async function replySink() {
  const waiting = new Map<string, () => void>();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      waiting.get(req.url!.split("/").pop()!)?.();
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r/`;
  return {
    base,
    reply: (id: string, limitMs: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => (waiting.delete(id), resolve(false)), limitMs);
        waiting.set(id, () => (clearTimeout(timer), waiting.delete(id), resolve(true)));
      }),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
