import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError, type Messengers } from "../../../src/bots/messenger.js";
import { createOutboxDispatcher } from "../../../src/adapters/outbox/dispatcher.js";
import type { OutboxDispatcherOptions } from "../../../src/adapters/outbox/dispatch-options.js";
import { outboxQueue } from "../../../src/adapters/outbox/queue.js";
import { cancelPending } from "../../../src/adapters/prisma/outbox.prisma-repo.js";
import { atomic } from "../../../src/adapters/prisma/tx.js";
import type { App } from "../../../src/app.js";
import { adminAlertComposer } from "../../../src/bots/reminders/admin-alert.composer.js";
import { reply } from "../../../src/bots/render/reply.js";
import type { OutboxItem } from "../../../src/domain/reminders/outbox.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { jumpTo, outboxRows, pingComposer, PING } from "../../support/outbox.js";
import { recordingMessenger, type RecordingMessenger } from "../../support/recording-messenger.js";

const T0 = "2026-11-25T09:00:00Z";

describe(`outbox dispatcher (${engineUnderTest})`, () => {
  let app: App;
  let build: ReturnType<typeof outboxRows>;
  let clock: ReturnType<typeof fixedClock>;
  let seen: OutboxItem[];
  let telegram: RecordingMessenger;
  let slack: RecordingMessenger;
  let workspaceId: string;
  let anna: string; // owner: Telegram 1001, Slack U1
  let bob: string; // member: Telegram 1002, Slack U2

  beforeAll(async () => {
    app = await testApp();
    build = outboxRows(app.database);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await build.clear();
    clock = fixedClock(T0);
    seen = [];
    telegram = recordingMessenger("telegram", clock);
    slack = recordingMessenger("slack", clock);
    workspaceId = (await build.workspace()).id;
    anna = (await build.member(workspaceId, "Anna", { role: "owner", on: [{ platform: "telegram", userId: "1001" }, { platform: "slack", userId: "U1" }] })).id;
    bob = (await build.member(workspaceId, "Bob", { on: [{ platform: "telegram", userId: "1002" }, { platform: "slack", userId: "U2" }] })).id;
  });

  function outbox(messengers: Messengers = { telegram: telegram.messenger }, options: Partial<OutboxDispatcherOptions> = {}) {
    return createOutboxDispatcher({
      db: app.database,
      messengers,
      dispatcher: app.dispatcher,
      composers: [pingComposer(seen), adminAlertComposer],
      clock,
      log: app.log,
      instanceId: "test-instance",
      options,
      waitUntil: jumpTo(clock),
    });
  }
  const at = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
  const now = () => clock.now();

  it("sends a due reminder once and records the platform's message id", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now(), payload: { text: "call Acme" } });
    const dispatcher = outbox();

    await dispatcher.tick();
    await dispatcher.tick();

    expect(telegram.sends).toHaveLength(1);
    expect(telegram.sends[0]!.to).toEqual({ platform: "telegram", chatId: "1002" });
    expect(telegram.sends[0]!.text).toContain("ping: call Acme");
    expect(telegram.sends[0]!.outboxId).toBe(id);
    const row = await build.row(id);
    expect(row).toMatchObject({ state: "sent", sentPlatform: "telegram", sentChatId: "1002", messageId: telegram.sends[0]!.ref.messageId, attempts: 1, late: false });
    expect(row.sentAt?.toISOString()).toBe("2026-11-25T09:00:00.000Z");
  });

  it("leaves a reminder that is not yet due alone until its time comes", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now().plus({ hours: 1 }) });
    const dispatcher = outbox();

    await dispatcher.tick();
    expect(telegram.sends).toHaveLength(0);
    expect(await build.row(id)).toMatchObject({ state: "pending", attempts: 0 });

    clock.advance({ hours: 1 });
    await dispatcher.tick();
    expect(telegram.sends).toHaveLength(1);
  });

  it("never sends a reminder that was cancelled before it fell due", async () => {
    const subjectId = "7d0c7c1e-0000-4000-8000-000000000001";
    const id = await build.enqueue(workspaceId, { recipientId: bob, subjectId, dueAt: now() });
    await atomic(app.database.prisma, (tx) => cancelPending(tx, workspaceId, subjectId));

    await outbox().tick();

    expect(telegram.sends).toHaveLength(0);
    expect((await build.row(id)).state).toBe("cancelled");
  });

  it("cancels a reminder whose composer has nothing to say any more", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now(), payload: { cancel: true } });

    await outbox().tick();

    expect(telegram.sends).toHaveLength(0);
    expect((await build.row(id)).state).toBe("cancelled");
  });

  it("retries a transient failure after a backoff, then sends it", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now() });
    telegram.fail("transient");
    const dispatcher = outbox();

    await dispatcher.tick();
    const retry = await build.row(id);
    expect(retry).toMatchObject({ state: "pending", attempts: 1, lastError: "test: transient" });
    expect(retry.leaseUntil?.toISOString()).toBe("2026-11-25T09:00:30.000Z");
    expect(retry.dueAt.toISOString()).toBe("2026-11-25T09:00:00.000Z");

    clock.advance({ seconds: 29 });
    await dispatcher.tick();
    expect(telegram.sends).toHaveLength(0);

    clock.advance({ seconds: 1 });
    await dispatcher.tick();
    expect(telegram.sends).toHaveLength(1);
    expect(await build.row(id)).toMatchObject({ state: "sent", attempts: 2, lastError: null });
  });

  it("parks a message as failed after five failures and tells the workspace admins exactly once", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now() });
    telegram.fail("transient", { chatId: "1002", times: 5 });
    const dispatcher = outbox();

    for (let round = 0; round < 10; round++) {
      await dispatcher.tick();
      clock.advance({ hours: 1 });
    }

    expect(await build.row(id)).toMatchObject({ state: "failed", attempts: 5 });
    const toBob = telegram.sends.filter((send) => send.to.chatId === "1002");
    const toAnna = telegram.sends.filter((send) => send.to.chatId === "1001");
    expect(toBob).toHaveLength(0);
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]!.text).toContain("Some messages could not be delivered");
    // Intl puts a narrow no-break space before AM.
    expect(toAnna[0]!.text.replace(/\u202f/g, " ")).toContain(`A message (${PING}) for Bob, due Nov 25, 2026, 9:00 AM: it still failed after 5 tries`);
    const alerts = await build.rows({ kind: "admin.alert" });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ recipientId: anna, subjectId: null, state: "sent" });
  });

  it("lists failures that pile up before the alert goes out in that one alert", async () => {
    await build.enqueue(workspaceId, { recipientId: bob, dueAt: now(), payload: { text: "one" } });
    await build.enqueue(workspaceId, { recipientId: bob, dueAt: now(), payload: { text: "two" } });
    telegram.fail("permanent", { chatId: "1002", times: 2 });
    const dispatcher = outbox();

    await dispatcher.tick();
    clock.advance({ minutes: 1 });
    await dispatcher.tick();

    const alerts = await build.rows({ kind: "admin.alert" });
    expect(alerts).toHaveLength(1);
    const toAnna = telegram.sends.filter((send) => send.to.chatId === "1001");
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]!.text.match(/the platform refused it/g)).toHaveLength(2);
  });

  it("does not alert about an alert that could not be delivered", async () => {
    await build.enqueue(workspaceId, { recipientId: bob, dueAt: now() });
    telegram.fail("permanent", { chatId: "1002" });
    telegram.fail("permanent", { chatId: "1001", times: 10 });
    const dispatcher = outbox();

    for (let round = 0; round < 4; round++) {
      await dispatcher.tick();
      clock.advance({ minutes: 1 });
    }

    const alerts = await build.rows({ kind: "admin.alert" });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.state).toBe("failed");
    expect(telegram.sends).toHaveLength(0);
  });

  it("falls back to the chat the command came from when the direct message is refused", async () => {
    const id = await build.enqueue(workspaceId, {
      recipientId: bob,
      dueAt: now(),
      payload: { fallback: { platform: "telegram", chatId: "-100500" } },
    });
    telegram.fail("permanent", { chatId: "1002" });

    await outbox().tick();

    expect(telegram.sends.map((send) => send.to.chatId)).toEqual(["-100500"]);
    expect(await build.row(id)).toMatchObject({ state: "sent", sentChatId: "-100500" });
  });

  it("writes to the recipient's direct message on a platform that is running, the latest linked first", async () => {
    const carol = (await build.member(workspaceId, "Carol", { on: [{ platform: "console", userId: "carol" }, { platform: "telegram", userId: "1003" }] })).id;
    const console = recordingMessenger("console", clock);
    await build.enqueue(workspaceId, { recipientId: carol, dueAt: now() });
    await outbox({ console: console.messenger }).tick();
    await build.enqueue(workspaceId, { recipientId: carol, dueAt: now() });
    await outbox({ console: console.messenger, telegram: telegram.messenger }).tick();

    expect(console.sends.map((send) => send.to)).toEqual([{ platform: "console", chatId: "carol" }]);
    expect(telegram.sends.map((send) => send.to)).toEqual([{ platform: "telegram", chatId: "1003" }]);
  });

  it("posts a message with an explicit chat there, read in the workspace's language and zone", async () => {
    const id = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C-approvals" }, dueAt: now() });

    await outbox({ slack: slack.messenger }).tick();

    expect(slack.sends.map((send) => send.to.chatId)).toEqual(["C-approvals"]);
    expect(seen[0]!.recipientId).toBeNull();
    expect(await build.row(id)).toMatchObject({ state: "sent", sentPlatform: "slack", sentChatId: "C-approvals" });
  });

  it("parks a message nobody running can deliver and says so to the admins", async () => {
    const dave = (await build.member(workspaceId, "Dave", { on: [{ platform: "slack", userId: "U4" }] })).id;
    const id = await build.enqueue(workspaceId, { recipientId: dave, dueAt: now() });
    const dispatcher = outbox();

    await dispatcher.tick();
    await dispatcher.tick();

    expect(await build.row(id)).toMatchObject({ state: "failed", lastError: "no running messenger can reach the recipient" });
    expect(telegram.sends.map((send) => send.text).join("\n")).toContain("for Dave");
    expect(telegram.sends.map((send) => send.text).join("\n")).toContain("none of their chat platforms is connected");
  });

  it("paces messages to one Telegram chat about a second apart and puts the rest back for later rounds", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await build.enqueue(workspaceId, { recipientId: bob, dueAt: now(), payload: { text: `#${i}` } }));
    const dispatcher = outbox();

    await dispatcher.tick();
    expect(telegram.sends).toHaveLength(2);
    const waiting = await build.rows({ state: "pending" });
    expect(waiting).toHaveLength(3);
    expect(waiting.every((row) => row.attempts === 0)).toBe(true);

    for (let round = 0; round < 5; round++) {
      const next = await dispatcher.tick();
      if (next.nextDueAt) clock.set(DateTime.max(clock.now(), next.nextDueAt));
    }
    expect(telegram.sends).toHaveLength(5);
    const times = telegram.sends.map((send) => send.at.toMillis());
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect((await build.rows({ state: "sent" })).length).toBe(5);
  });

  it("keeps a Telegram group to one message every three seconds (20 a minute)", async () => {
    for (let i = 0; i < 3; i++) await build.enqueue(workspaceId, { address: { platform: "telegram", chatId: "-100200" }, dueAt: now() });
    const dispatcher = outbox();

    for (let round = 0; round < 6; round++) {
      const next = await dispatcher.tick();
      if (next.nextDueAt) clock.set(DateTime.max(clock.now(), next.nextDueAt));
    }

    const times = telegram.sends.map((send) => send.at.toMillis());
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3000);
  });

  it("on a Slack 429 writes nothing more to that channel until retry-after has passed, other channels go on", async () => {
    const first = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C1" }, dueAt: now() });
    const second = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C1" }, dueAt: now() });
    await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C2" }, dueAt: now() });
    slack.fail("rate_limited", { chatId: "C1", retryAfterMs: 5000 });
    const dispatcher = outbox({ slack: slack.messenger });

    await dispatcher.tick();
    expect(slack.sends.map((send) => send.to.chatId)).toEqual(["C2"]);
    for (const id of [first, second]) expect(await build.row(id)).toMatchObject({ state: "pending", attempts: 0 });

    clock.advance({ seconds: 4 });
    await dispatcher.tick();
    expect(slack.sends.filter((send) => send.to.chatId === "C1")).toHaveLength(0);

    clock.advance({ seconds: 1 });
    await dispatcher.tick();
    const c1 = slack.sends.filter((send) => send.to.chatId === "C1").map((send) => send.at);
    expect(c1).toHaveLength(2);
    expect(c1[0]! >= at("2026-11-25T09:00:05Z")).toBe(true);
    expect(c1[1]!.diff(c1[0]!).toMillis()).toBeGreaterThanOrEqual(1000);
  });

  it("on a Telegram 429 makes no call to any chat until retry-after has passed", async () => {
    await build.enqueue(workspaceId, { address: { platform: "telegram", chatId: "2001" }, dueAt: now() });
    await build.enqueue(workspaceId, { address: { platform: "telegram", chatId: "2002" }, dueAt: now().plus({ milliseconds: 1 }) });
    telegram.fail("rate_limited", { chatId: "2001", retryAfterMs: 3000 });
    // One chat at a time, so the 429 is in before the second chat's turn.
    const dispatcher = outbox({ telegram: telegram.messenger }, { concurrency: 1 });

    await dispatcher.tick();
    expect(telegram.sends).toHaveLength(0);

    clock.advance({ seconds: 3 });
    await dispatcher.tick();
    expect(telegram.sends.map((send) => send.to.chatId).sort()).toEqual(["2001", "2002"]);
    expect(telegram.sends.every((send) => send.at >= at("2026-11-25T09:00:03Z"))).toBe(true);
    expect(dispatcher.stats().rateLimited).toBe(1);
  });

  it("marks reminders whose time passed while the bot was down as late before composing them", async () => {
    const missed = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now().minus({ hours: 2 }), payload: { text: "missed" } });
    const onTime = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now(), payload: { text: "on time" } });

    await outbox().tick();

    expect(seen.find((item) => item.id === missed)?.late).toBe(true);
    expect(seen.find((item) => item.id === onTime)?.late).toBe(false);
    expect(await build.row(missed)).toMatchObject({ state: "sent", late: true });
    expect(telegram.sends).toHaveLength(2);
  });

  it("folds a reminder more than a day late into the digest instead of sending it", async () => {
    // Bob has a digest coming (digests are on).
    await build.enqueue(workspaceId, { kind: "digest", subjectId: bob, recipientId: bob, dueAt: now().plus({ hours: 20 }) });
    const stale = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now().minus({ hours: 25 }) });
    const late = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now().minus({ hours: 23 }) });

    await outbox(undefined, { foldKinds: [PING] }).tick();

    expect(await build.row(stale)).toMatchObject({ state: "cancelled", lastError: "folded into digest", late: true });
    expect(await build.row(late)).toMatchObject({ state: "sent", late: true });
    expect(telegram.sends.map((send) => send.outboxId)).toEqual([late]);
  });

  it("sends a reminder more than a day late, marked late, to someone without a digest (digests off)", async () => {
    const stale = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now().minus({ hours: 30 }), payload: { text: "stale" } });

    const dispatcher = outbox(undefined, { foldKinds: [PING] });
    const round = await dispatcher.tick();

    expect(round.folded).toBe(0);
    expect(await build.row(stale)).toMatchObject({ state: "sent", late: true });
    expect(seen.find((item) => item.id === stale)?.late).toBe(true);
    expect(telegram.sends.map((send) => send.outboxId)).toEqual([stale]);
  });

  it("edits a posted message in place for a row that names it (payload.edit), posting nothing new", async () => {
    const id = await build.enqueue(workspaceId, {
      recipientId: bob,
      address: { platform: "slack", chatId: "C4" },
      dueAt: now(),
      payload: { text: "decided", edit: "1700000000.000100" },
    });

    await outbox({ slack: slack.messenger }).tick();

    expect(slack.sends).toEqual([]);
    expect(slack.edits.map((edit) => [edit.message, edit.text])).toEqual([
      [{ platform: "slack", chatId: "C4", messageId: "1700000000.000100" }, "ping: decided\nfor Bob"],
    ]);
    expect(await build.row(id)).toMatchObject({ state: "sent", sentChatId: "C4", messageId: "1700000000.000100" });
  });

  it("sends to the person's DM, telling them to invite the bot, when the bot is not a member of the channel", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, address: { platform: "slack", chatId: "C5" }, dueAt: now(), payload: { text: "your PDF" } });
    slack.fail("permanent", { chatId: "C5", notMember: true });

    await outbox({ slack: slack.messenger }).tick();

    expect(slack.sends.map((send) => send.to.chatId)).toEqual(["U2"]);
    expect(slack.sends[0]!.text).toContain("ping: your PDF");
    expect(slack.sends[0]!.text).toContain("This was meant for a channel I am not in: invite me there with /invite to get it there.");
    expect(await build.row(id)).toMatchObject({ state: "sent", sentChatId: "U2" });
    expect(await build.rows({ kind: "admin.alert" })).toEqual([]);
  });

  it("counts each failed look-up of an uncertain Slack send as an attempt, and parks it with one alert after five", async () => {
    const id = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C7" }, dueAt: now() });
    slack.fail("uncertain");
    // conversations.history answers not_in_channel: the send can never be checked.
    slack.failFind(new DeliveryError("permanent", "not_in_channel", undefined, { notMember: true }), 20);
    const dispatcher = outbox({ slack: slack.messenger });

    for (let round = 0; round < 12; round++) {
      await dispatcher.tick();
      clock.advance({ seconds: 10 });
    }

    expect(await build.row(id)).toMatchObject({ state: "failed", attempts: 5 });
    expect(slack.sendsOf(id)).toEqual([]);
    const alerts = await build.rows({ kind: "admin.alert" });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ recipientId: anna, state: "sent" });
    const alert = slack.sends.find((send) => send.outboxId === alerts[0]!.id)!;
    expect(alert.text).toContain("it may have arrived, but the bot could not check (it may not be in the chat) after 5 tries");
  });

  it("records an uncertain Slack send that did arrive as sent, without posting it again", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now() });
    slack.fail("uncertain", { delivered: true });
    const dispatcher = outbox({ slack: slack.messenger });

    await dispatcher.tick();
    expect(await build.row(id)).toMatchObject({ state: "uncertain" });

    clock.advance({ seconds: 10 });
    await dispatcher.tick();

    expect(slack.sends).toHaveLength(1);
    expect(await build.row(id)).toMatchObject({ state: "sent", messageId: slack.sends[0]!.ref.messageId, sentChatId: "U2" });
    expect(dispatcher.stats()).toMatchObject({ foundAlreadySent: 1, possibleDuplicates: 0 });
  });

  it("sends an uncertain Telegram message again and counts it as a possible duplicate", async () => {
    const id = await build.enqueue(workspaceId, { recipientId: bob, dueAt: now() });
    telegram.fail("uncertain", { delivered: true });
    const dispatcher = outbox();

    await dispatcher.tick();
    clock.advance({ seconds: 10 });
    await dispatcher.tick();

    expect(telegram.sendsOf(id)).toHaveLength(2);
    expect(await build.row(id)).toMatchObject({ state: "sent", messageId: telegram.sends[1]!.ref.messageId });
    expect(dispatcher.stats().possibleDuplicates).toBe(1);
  });

  it("takes over rows a dead instance claimed once it has missed its heartbeat, well before their lease ends", async () => {
    const id = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C7" }, dueAt: now() });
    // Another dispatcher claims it for a minute (claiming is a heartbeat), then dies without a word.
    await outboxQueue(app.database.sql, "dead-instance").claim({ now: now(), leaseUntil: now().plus({ minutes: 1 }), limit: 10, lateBefore: now() });
    const dispatcher = outbox({ slack: slack.messenger });

    clock.advance({ milliseconds: 9_999 });
    await dispatcher.tick();
    expect(slack.sendsOf(id)).toHaveLength(0);

    clock.advance({ milliseconds: 1 });
    await dispatcher.tick();
    expect(slack.sendsOf(id)).toHaveLength(1);
    expect(await build.row(id)).toMatchObject({ state: "sent", claimedBy: "test-instance" });
  });

  it("takes over rows whose claim ran out, looking each one up on Slack before posting it again", async () => {
    const posted = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C9" }, dueAt: now() });
    const untouched = await build.enqueue(workspaceId, { address: { platform: "slack", chatId: "C8" }, dueAt: now() });
    // Another dispatcher claims both, posts one, and dies before recording it.
    await outboxQueue(app.database.sql, "dead-instance").claim({ now: now(), leaseUntil: now().plus({ minutes: 1 }), limit: 10, lateBefore: now() });
    await slack.messenger.send({ platform: "slack", chatId: "C9" }, reply.text("ping"), { outboxId: posted });
    const dispatcher = outbox({ slack: slack.messenger });

    await dispatcher.tick();
    expect(slack.sends).toHaveLength(1);

    clock.advance({ minutes: 1 });
    await dispatcher.tick();

    expect(slack.sendsOf(posted)).toHaveLength(1);
    expect(slack.sendsOf(untouched)).toHaveLength(1);
    expect(await build.row(posted)).toMatchObject({ state: "sent", messageId: slack.sendsOf(posted)[0]!.ref.messageId });
    expect(await build.row(untouched)).toMatchObject({ state: "sent" });
    expect(dispatcher.stats()).toMatchObject({ foundAlreadySent: 1, possibleDuplicates: 0 });
  });
});
