/**
 * A real second process for crash tests: opens the database at DATABASE_URL, runs one outbox dispatcher
 * (INSTANCE_ID) that delivers every message as an HTTP POST to SINK_URL, and prints "ready" once running.
 * It never stops by itself; tests SIGKILL it mid-batch.
 *
 *   DATABASE_URL=postgresql://… SINK_URL=http://127.0.0.1:PORT/ INSTANCE_ID=doomed node --import tsx test/support/outbox-worker.ts
 */
import type { ChatAddress, Messenger } from "../../src/bots/messenger.js";
import { systemClock } from "../../src/adapters/clock.js";
import { createOutboxDispatcher } from "../../src/adapters/outbox/dispatcher.js";
import { buildApp } from "../../src/app.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import { loadConfig } from "../../src/config.js";
import type { Platform } from "../../src/domain/members/member.js";
import { createLogger } from "../../src/log.js";
import { pingComposer } from "./outbox.js";

const sink = process.env.SINK_URL!;
const app = await buildApp(loadConfig({ DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: "silent" }), {
  log: createLogger(process.env.WORKER_LOG_LEVEL ?? "silent"),
});

/** Posts to the test's sink: the "platform" accepted the message when the sink answers with its id. */
function httpMessenger(platform: Platform): Messenger {
  return {
    platform,
    async send(to: ChatAddress, reply, options) {
      const response = await fetch(sink, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ outboxId: options?.outboxId, platform, chatId: to.chatId, text: toPlainText(reply) }),
      });
      const { messageId } = (await response.json()) as { messageId: string };
      return { platform, chatId: to.chatId, messageId };
    },
    async edit() {},
    async sendFile(to) {
      return { platform, chatId: to.chatId, messageId: "file" };
    },
  };
}

const outbox = createOutboxDispatcher({
  db: app.database,
  messengers: { slack: httpMessenger("slack"), telegram: httpMessenger("telegram") },
  dispatcher: app.dispatcher,
  composers: [pingComposer()],
  clock: systemClock,
  log: app.log,
  instanceId: process.env.INSTANCE_ID ?? "worker",
  options: { pollIntervalMs: 20 },
});
outbox.start();
process.stdout.write("ready\n");
