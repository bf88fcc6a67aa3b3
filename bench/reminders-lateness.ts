/**
 * How late reminders go out in steady traffic: `--count` reminders (default 1 000) due over `--spread`
 * seconds (default 60) across `--chats` Telegram chats (default 100), sent by a running outbox dispatcher
 * through the real Telegram messenger to the emulator (flood limits on). Lateness is the row's recorded
 * sentAt (after Telegram answered) minus its dueAt.
 *
 *   npx tsx bench/reminders-lateness.ts [--count 1000] [--spread 60] [--chats 100]
 *
 * Baseline, measured in the same run and at the same moments: a bare timer per reminder (setTimeout to its
 * due time, nothing else), which is as punctual as anything in this process can be under the same load,
 * plus the round trip of one send to the emulator.
 */
import { DateTime } from "luxon";
import { benchSetup, flag, percentile, printTable, sleep } from "./outbox-bench.js";

const count = flag("count", 1000);
const spread = flag("spread", 60);
const chats = flag("chats", 100);

const bench = await benchSetup({ chats });
try {
  // One send's round trip, for reference.
  const chatIds = [...bench.emulator.chats.keys()];
  const roundTrips: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await bench.messenger.send({ platform: "telegram", chatId: String(chatIds[i % chatIds.length]) }, { lines: [`warm-up ${i}`] });
    roundTrips.push(performance.now() - started);
    await sleep(40);
  }
  await sleep(1500);

  const start = DateTime.utc().plus({ seconds: 3 });
  const dueAt = (n: number) => start.plus({ milliseconds: Math.round((n * spread * 1000) / count) });
  await bench.enqueue(count, dueAt);

  // The baseline: a timer per reminder, fired at its due time, lateness as the process sees it.
  const timerLateness: number[] = [];
  const timers = Array.from(
    { length: count },
    (_, n) =>
      new Promise<void>((resolve) => {
        const due = dueAt(n).toMillis();
        setTimeout(() => {
          timerLateness.push(Date.now() - due);
          resolve();
        }, due - Date.now());
      }),
  );

  const dispatcher = bench.dispatcher();
  dispatcher.start();
  await Promise.all(timers);
  for (;;) {
    const counts = await bench.counts();
    if ((counts.pending ?? 0) + (counts.sending ?? 0) + (counts.uncertain ?? 0) === 0) break;
    await sleep(250);
  }
  await dispatcher.stop();

  const rows = await bench.app.database.sql.query<{ late_ms: number }>(
    `SELECT (extract(epoch FROM "sentAt" - "dueAt") * 1000)::float8 AS late_ms FROM "OutboxMessage" WHERE state = 'sent' AND kind = 'bench.ping'`,
  );
  const lateness = rows.map((row) => row.late_ms).sort((a, b) => a - b);
  const baseline = [...timerLateness].sort((a, b) => a - b);
  const trips = [...roundTrips].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const p50 = percentile(lateness, 50);
  const p99 = percentile(lateness, 99);
  const floor50 = percentile(baseline, 50) + percentile(trips, 50);
  const floor99 = percentile(baseline, 99) + percentile(trips, 99);
  printTable(`Outbox lateness: ${count} reminders over ${spread} s across ${chats} Telegram chats (${bench.app.database.engine})`, [
    ["sent / enqueued", `${rows.length} / ${count}`],
    ["dispatcher lateness p50", ms(p50)],
    ["dispatcher lateness p99", ms(p99)],
    ["dispatcher lateness max", ms(lateness[lateness.length - 1] ?? Number.NaN)],
    ["baseline: bare timer p50 / p99", `${ms(percentile(baseline, 50))} / ${ms(percentile(baseline, 99))}`],
    ["baseline: one send round trip p50 / p99", `${ms(percentile(trips, 50))} / ${ms(percentile(trips, 99))}`],
    ["p50 / (timer + round trip) p50", (p50 / floor50).toFixed(2)],
    ["p99 / (timer + round trip) p99", (p99 / floor99).toFixed(2)],
    ["429 answers (target 0)", bench.emulator.rateLimitedCount],
    ["late-flagged (target 0)", dispatcher.stats().late],
  ]);
} finally {
  await bench.close();
}
