import { webApi } from "@slack/bolt";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError, type Messenger } from "../../../src/bots/messenger.js";
import { createSlackMessenger, OUTBOX_EVENT_TYPE } from "../../../src/bots/slack/slack.messenger.js";
import { startSlackEmulator, type SlackEmulator } from "../../emulators/slack-emulator.js";

const channel = { platform: "slack" as const, chatId: "C0SALES" };
const card = { title: "Follow up with <@U1> & Acme", lines: ["Due today"], tone: "info" as const };

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("Slack messenger against the emulator", () => {
  let emulator: SlackEmulator;
  let slack: Messenger;
  let frozenAt = Date.parse("2026-11-25T09:00:00Z");

  beforeAll(async () => {
    emulator = await startSlackEmulator({ rateLimit: { perSecond: 1 }, now: () => frozenAt });
    const client = new webApi.WebClient(emulator.botToken, {
      slackApiUrl: emulator.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      // Short, so the unanswered-request case is quick; production uses 10 s.
      timeout: 500,
      logLevel: webApi.LogLevel.ERROR,
    });
    slack = createSlackMessenger(client);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  // The emulator allows one post per channel per (frozen) second; each test moves to the next second.
  const nextSecond = () => (frozenAt += 1000);

  it("posts Block Kit with escaped text and tags the post with its outbox id", async () => {
    nextSecond();
    const sent = await slack.send(channel, card, { outboxId: "ob-1" });
    expect(sent).toMatchObject({ platform: "slack", chatId: "C0SALES" });
    const [message] = emulator.messages("C0SALES");
    expect(message?.ts).toBe(sent.messageId);
    expect(message?.text).toContain("Follow up with &lt;@U1&gt; &amp; Acme");
    expect(JSON.stringify(message?.blocks)).toContain("Due today");
    expect(message?.metadata).toEqual({ event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: "ob-1" } });
  });

  it("posts to a user id in the bot's DM with them and reports that DM's channel", async () => {
    const sent = await slack.send({ platform: "slack", chatId: "U0ANNA" }, card);
    expect(sent.chatId).toBe("D0ANNA");
  });

  it("edits a sent message in place", async () => {
    nextSecond();
    const sent = await slack.send(channel, card);
    await slack.edit(sent, { title: "Done by @anna", tone: "ok" });
    const edited = emulator.messages("C0SALES").find((m) => m.ts === sent.messageId);
    expect(edited?.text).toBe("Done by @anna");
  });

  it("finds a post by its outbox id, and nothing for an id never sent", async () => {
    const found = await slack.findSent!(channel, "ob-1");
    expect(found).toEqual({ platform: "slack", chatId: "C0SALES", messageId: emulator.messages("C0SALES")[0]!.ts });
    expect(await slack.findSent!(channel, "ob-never")).toBeNull();
    expect(emulator.callsTo("conversations.history").at(-1)?.args.include_all_metadata).toBe("true");
  });

  it("uploads a file to the channel with files upload v2", async () => {
    await slack.sendFile(channel, { filename: "deals.csv", bytes: new TextEncoder().encode("id,name\n1,Acme\n") });
    const upload = [...emulator.uploads.values()].find((u) => u.filename === "deals.csv");
    expect(upload?.channel).toBe("C0SALES");
    expect(upload?.bytes?.toString()).toBe("id,name\n1,Acme\n");
  });

  it("turns a 429 into rate_limited with Slack's Retry-After", async () => {
    nextSecond();
    const busy = { platform: "slack" as const, chatId: "C0BUSY" };
    await slack.send(busy, card);
    const error = await failure(slack.send(busy, card));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(1000);
    expect(emulator.rateLimited).toBe(1);
  });

  it.each([
    ["channel_not_found", "permanent"],
    ["not_in_channel", "permanent"],
    ["is_archived", "permanent"],
    ["internal_error", "transient"],
  ] as const)("treats Slack's %s as %s", async (code, kind) => {
    nextSecond();
    emulator.fail("chat.postMessage", { error: code });
    expect((await failure(slack.send(channel, card))).kind).toBe(kind);
  });

  it("treats an HTTP 503 as transient", async () => {
    nextSecond();
    emulator.fail("chat.postMessage", { status: 503 });
    expect((await failure(slack.send(channel, card))).kind).toBe("transient");
  });

  it("treats a request that got no answer as uncertain: it may have been posted", async () => {
    nextSecond();
    emulator.fail("chat.postMessage", { hang: true });
    expect((await failure(slack.send(channel, card))).kind).toBe("uncertain");
  });

  it("treats a refused connection as transient: nothing left", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new webApi.WebClient(emulator.botToken, { slackApiUrl: `http://127.0.0.1:${port}/api/`, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    expect((await failure(createSlackMessenger(nowhere).send(channel, card))).kind).toBe("transient");
  });
});

describe("Slack messenger in channels the bot was not invited to", () => {
  let emulator: SlackEmulator;
  let slack: Messenger;
  const outside = { platform: "slack" as const, chatId: "C0OUTSIDE" };
  const pdf = { filename: "INV-2026-0001.pdf", mimeType: "application/pdf", bytes: new TextEncoder().encode("%PDF-1.7 sample") };

  beforeAll(async () => {
    emulator = await startSlackEmulator({ botChannels: ["C0SALES"] });
    slack = createSlackMessenger(new webApi.WebClient(emulator.botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR }));
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("still posts a message there (chat:write.public)", async () => {
    const sent = await slack.send(outside, card, { outboxId: "ob-public" });
    expect(emulator.messages("C0OUTSIDE").map((message) => message.ts)).toEqual([sent.messageId]);
  });

  it("answers an upload there with a permanent not-a-member error, and uploads a file-only reply into a DM", async () => {
    const error = await failure(slack.send(outside, { attachments: [pdf] }));
    expect(error).toMatchObject({ kind: "permanent", message: "not_in_channel", notMember: true });
    expect(await failure(slack.sendFile(outside, pdf))).toMatchObject({ notMember: true });

    const sent = await slack.send({ platform: "slack", chatId: "U0ANNA" }, { attachments: [pdf] });
    expect(sent.chatId).toBe("D0ANNA");
    // A reply that is only a file posts no empty message before it.
    expect(emulator.callsTo("chat.postMessage").filter((call) => call.args.channel === "U0ANNA")).toEqual([]);
    expect([...emulator.uploads.values()].find((upload) => upload.channel === "D0ANNA")?.filename).toBe("INV-2026-0001.pdf");
  });

  it("cannot look for a sent message there: not a member", async () => {
    expect(await failure(slack.findSent!(outside, "ob-public"))).toMatchObject({ kind: "permanent", notMember: true });
    emulator.botJoins("C0OUTSIDE");
    expect(await slack.findSent!(outside, "ob-public")).toMatchObject({ chatId: "C0OUTSIDE" });
  });
});
