import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { createOutboxDispatcher } from "../../src/adapters/outbox/dispatcher.js";
import { composers } from "../../src/bots/reminders/all.composers.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { jumpTo } from "../support/outbox.js";
import { recordingMessenger } from "../support/recording-messenger.js";

const plain = (text: string) => text.replace(/\u202f/g, " ");

describe(`task reminders and digests through the outbox dispatcher (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z"); // Wed
  const anna = consoleCaller("anna");
  const bob = consoleCaller("bob");
  const console_ = recordingMessenger("console", clock);
  let outbox: ReturnType<typeof createOutboxDispatcher>;
  const say = async (line: string, who = anna) => plain(toPlainText(await app.dispatcher.handle(line, who)));
  const sent = () => console_.sends.map((send) => ({ to: send.to.chatId, text: plain(send.text), reply: send.reply }));

  beforeAll(async () => {
    app = await testApp({ clock });
    outbox = createOutboxDispatcher({
      db: app.database,
      messengers: { console: console_.messenger },
      dispatcher: app.dispatcher,
      composers: composers(),
      clock,
      log: app.log,
      instanceId: "task-delivery-test",
      waitUntil: jumpTo(clock),
    });
    await say("/task list", anna);
    await say("/task list", bob);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("delivers a task reminder to the assignee's DM at its time, and a press on it completes the task", async () => {
    await say("/task add Call Globex @bob due in 2 hours");
    await outbox.tick();
    expect(sent()).toEqual([]); // not due yet
    clock.set("2026-11-25T11:00:00Z");
    await outbox.tick();
    const [reminder] = sent();
    expect(reminder?.to).toBe("bob");
    expect(reminder?.text).toContain("Reminder: task #1");
    expect(reminder?.text).toContain("Task: Call Globex");

    const done = reminder!.reply.actions!.find((action) => action.label === "Done")!;
    const result = await app.dispatcher.press(done.id, bob);
    expect(result.kind).toBe("edit");
    if (result.kind === "edit") expect(plain(toPlainText(result.reply))).toContain("Done by Bob at Nov 25, 2026, 11:00 AM");
  });

  it("sends nothing for a task done before its reminder came due", async () => {
    await say("/task add Send the quote due in 1 hour");
    await say("/task done 2");
    clock.set("2026-11-25T12:30:00Z");
    const before = console_.sends.length;
    await outbox.tick();
    expect(console_.sends.length).toBe(before);
  });

  it("sends each member's digest on the next working morning, skips the empty one and plans the following", async () => {
    await say("/task add Renew the domain due tomorrow 15:00");
    const before = console_.sends.length;
    clock.set("2026-11-26T09:00:00Z"); // Thu 09:00 UTC
    await outbox.tick();
    const digests = sent().slice(before).filter((message) => message.text.startsWith("Your day"));
    // Anna has a task due today; Bob has nothing left, so his digest is not sent.
    expect(digests.map((message) => message.to)).toEqual(["anna"]);
    expect(digests[0]?.text).toContain("Due today\n• #3 Renew the domain · Nov 26, 2026, 3:00 PM");
    const pending = await app.database.prisma.outboxMessage.findMany({
      where: { kind: "digest", state: "pending" },
      select: { dueAt: true },
    });
    expect(pending.map((row) => row.dueAt.toISOString())).toEqual(["2026-11-27T09:00:00.000Z", "2026-11-27T09:00:00.000Z"]);
  });
});
