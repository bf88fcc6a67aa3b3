/**
 * Shared set-up of the outbox benchmarks: a migrated database (in-memory PGlite, or a fresh database on the
 * PostgreSQL server named by TEST_DATABASE_URL), the app, the Telegram emulator with its flood limits on,
 * members whose DMs are emulator chats, and the real Telegram messenger (telegraf) pointed at the emulator.
 */
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { Telegram } from "telegraf";
import { systemClock } from "../src/adapters/clock.js";
import { createOutboxDispatcher } from "../src/adapters/outbox/dispatcher.js";
import type { OutboxDispatcherOptions } from "../src/adapters/outbox/dispatch-options.js";
import { createTelegramMessenger } from "../src/bots/telegram/telegram.messenger.js";
import { buildApp } from "../src/app.js";
import { defineComposer } from "../src/bots/reminders/composer.js";
import { reply } from "../src/bots/render/reply.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { startTelegramEmulator, type TelegramEmulator } from "../test/emulators/telegram-emulator.js";
import { testDatabase } from "../test/support/db.js";

export const KIND = "bench.ping";

/** "bench 1234": the row's number, so the chats can be checked for losses and duplicates. */
const benchComposer = defineComposer({
  kind: KIND,
  async compose(item) {
    return reply.text(`bench ${String(item.payload.n)}`);
  },
});

export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

export async function benchSetup({ chats }: { chats: number }) {
  const database = await testDatabase();
  const app = await buildApp(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" }), {
    database,
    log: createLogger(process.env.BENCH_LOG_LEVEL ?? "silent"),
  });
  const emulator = await startTelegramEmulator();
  const telegram = new Telegram(emulator.token, { apiRoot: `${emulator.apiRoot}/` });

  const workspace = await app.database.prisma.workspace.create({
    data: { name: "Bench", timezone: "UTC", locale: "en", currency: "USD" },
    select: { id: true },
  });
  const memberIds: string[] = [];
  const identities = [];
  for (let i = 0; i < chats; i++) {
    const user = emulator.user({ first_name: `User${i}` });
    emulator.privateChat(user);
    const id = randomUUID();
    memberIds.push(id);
    identities.push({ personId: id, platform: "telegram" as const, externalWorkspaceId: "bench", externalUserId: String(user.id) });
  }
  await app.database.prisma.person.createMany({ data: memberIds.map((id) => ({ id })) });
  await app.database.prisma.member.createMany({
    data: memberIds.map((id, i) => ({ id, personId: id, workspaceId: workspace.id, displayName: `User ${i}`, handle: `user${i}`, role: i === 0 ? "owner" : "member" })),
  });
  await app.database.prisma.platformIdentity.createMany({ data: identities });

  return {
    app,
    emulator,
    messenger: createTelegramMessenger(telegram),
    /** `count` reminders to the members in turn, the n-th due at `dueAt(n)`. */
    async enqueue(count: number, dueAt: (n: number) => DateTime) {
      const rows = Array.from({ length: count }, (_, n) => [randomUUID(), memberIds[n % chats]!, dueAt(n).toISO()!, n] as const);
      for (let start = 0; start < rows.length; start += 1000) {
        const slice = rows.slice(start, start + 1000);
        await app.database.sql.query(
          `INSERT INTO "OutboxMessage" (id, "workspaceId", kind, "recipientId", "dueAt", payload)
           SELECT r.id, $1::uuid, $2, r.recipient, r.due, jsonb_build_object('n', r.n)
             FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::int[]) AS r(id, recipient, due, n)`,
          [workspace.id, KIND, slice.map((r) => r[0]), slice.map((r) => r[1]), slice.map((r) => r[2]), slice.map((r) => r[3])],
        );
      }
    },
    dispatcher(options: Partial<OutboxDispatcherOptions> = {}) {
      return createOutboxDispatcher({
        db: app.database,
        messengers: { telegram: createTelegramMessenger(telegram) },
        dispatcher: app.dispatcher,
        composers: [benchComposer],
        clock: systemClock,
        log: app.log,
        instanceId: "bench",
        options,
      });
    },
    async counts() {
      const rows = await app.database.sql.query<{ state: string; n: number }>(
        `SELECT state::text AS state, count(*)::int AS n FROM "OutboxMessage" GROUP BY state`,
      );
      return Object.fromEntries(rows.map((row) => [row.state, row.n])) as Record<string, number>;
    },
    async close() {
      await emulator.close();
      await app.close();
    },
  };
}

/** Losses and duplicates as the users would see them: the "bench <n>" messages in every chat. */
export function deliveredCounts(emulator: TelegramEmulator, count: number) {
  const seen = new Array<number>(count).fill(0);
  for (const call of emulator.callsOf("sendMessage")) {
    if (!call.ok) continue;
    const match = /^bench (\d+)$/.exec(String(call.params.text ?? ""));
    if (match) seen[Number(match[1])]! += 1;
  }
  return {
    lost: seen.filter((times) => times === 0).length,
    duplicated: seen.reduce((sum, times) => sum + Math.max(0, times - 1), 0),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function printTable(title: string, rows: Array<[string, string | number]>) {
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(`\n${title}\n${"-".repeat(title.length)}\n`);
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
