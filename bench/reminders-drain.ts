/**
 * How fast the outbox drains a backlog without upsetting Telegram: `--count` reminders (default 10 000) due
 * at once across `--chats` private chats (default 500), sent through the real Telegram messenger to the
 * emulator, which enforces Telegram's flood limits (30/s overall, 1/s per chat) and answers 429 past them.
 *
 *   npx tsx bench/reminders-drain.ts [--count 10000] [--chats 500]
 *   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/reminders-drain.ts --count 1000
 *
 * Baseline, measured in the same run against the same emulator: a bare loop that sends straight through the
 * messenger at exactly the allowed pace (no database, no claims). The dispatcher is reported against it and
 * against the allowed rate. At 30 messages a second, 10 000 take about five and a half minutes.
 */
import { DateTime } from "luxon";
import { benchSetup, deliveredCounts, flag, printTable, sleep } from "./outbox-bench.js";

const count = flag("count", 10_000);
const chats = flag("chats", 500);
const ALLOWED_PER_SECOND = Math.min(30, chats); // Telegram: 30/s overall, 1/s in each private chat.

const bench = await benchSetup({ chats });
try {
  // Baseline: the allowed pace by a stopwatch, at most ten seconds' worth.
  const baselineCount = Math.min(300, count);
  const chatIds = [...bench.emulator.chats.keys()];
  const baselineStart = performance.now();
  for (let i = 0; i < baselineCount; i++) {
    const due = baselineStart + (i * 1000) / ALLOWED_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await bench.messenger.send({ platform: "telegram", chatId: String(chatIds[i % chatIds.length]) }, { lines: [`baseline ${i}`] });
  }
  const baselineRate = baselineCount / ((performance.now() - baselineStart) / 1000);
  const baseline429 = bench.emulator.rateLimitedCount;
  await sleep(2000); // every bucket full again

  await bench.enqueue(count, () => DateTime.utc());
  const dispatcher = bench.dispatcher();
  const started = performance.now();
  dispatcher.start();
  let lastReport = started;
  for (;;) {
    await sleep(250);
    const counts = await bench.counts();
    const open = (counts.pending ?? 0) + (counts.sending ?? 0) + (counts.uncertain ?? 0);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      process.stderr.write(`  ${Math.round((lastReport - started) / 1000)} s: ${counts.sent ?? 0} sent, ${open} to go\n`);
    }
    if (open === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.stop();

  const counts = await bench.counts();
  const { lost, duplicated } = deliveredCounts(bench.emulator, count);
  const rate = (counts.sent ?? 0) / seconds;
  const stats = dispatcher.stats();
  printTable(`Outbox drain: ${count} reminders due at once across ${chats} Telegram chats (${bench.app.database.engine})`, [
    ["time to drain", `${seconds.toFixed(1)} s`],
    ["allowed rate (Telegram)", `${ALLOWED_PER_SECOND.toFixed(1)} msg/s`],
    ["baseline: paced loop, no database", `${baselineRate.toFixed(1)} msg/s (${baselineCount} messages, ${baseline429} x 429)`],
    ["outbox dispatcher", `${rate.toFixed(1)} msg/s`],
    ["dispatcher / allowed rate", (rate / ALLOWED_PER_SECOND).toFixed(3)],
    ["dispatcher / baseline", (rate / baselineRate).toFixed(3)],
    ["429 answers (target 0)", bench.emulator.rateLimitedCount - baseline429],
    ["lost: never in the chat (target 0)", lost],
    ["rows not recorded as sent", count - (counts.sent ?? 0)],
    ["duplicated (target 0)", duplicated],
    ["put back for a busy chat", stats.deferred],
    ["failed / uncertain", `${counts.failed ?? 0} / ${stats.uncertain}`],
  ]);
} finally {
  await bench.close();
}
