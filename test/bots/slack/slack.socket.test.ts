import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { button } from "../../../src/bots/commands/actions.js";
import { slackCaller } from "../../../src/bots/slack/slack.caller.js";
import { engineUnderTest } from "../../support/db.js";
import { slackHarness, visible, type SlackHarness } from "./slack-harness.js";

const anna = { id: "U0ANNA", name: "anna" };

describe(`Slack over Socket Mode, end to end (${engineUnderTest})`, () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await slackHarness({ socketMode: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("connects with the app token and receives once Slack says hello", () => {
    expect(h.emulator.socket.connections).toBe(1);
    expect(h.emulator.callsTo("apps.connections.open")[0]?.token).toBe(h.emulator.appToken);
  });

  it("acks /lead add with an empty payload before the database, then shows the lead on response_url", async () => {
    const release = h.holdCommands();
    const payload = h.emulator.commandPayload({ command: "/lead", text: "add Acme Corp 5000 USD", user: anna });
    const ack = await h.emulator.socket.deliver("slash_commands", payload);
    expect(ack.payload).toEqual({});
    expect(h.emulator.responses.filter((r) => r.seq > ack.seq)).toEqual([]);
    release();

    const response = await h.emulator.nextResponse(ack.seq, payload.response_url);
    expect(response.body.response_type).toBe("in_channel");
    expect(visible(response.body)).toContain("Lead #1 created");
    expect(visible(response.body)).toContain("5,000.00 USD");
  });

  it("lists the lead with /lead list", async () => {
    const payload = h.emulator.commandPayload({ command: "/lead", text: "list", user: anna });
    const ack = await h.emulator.socket.deliver("slash_commands", payload);
    const response = await h.emulator.nextResponse(ack.seq, payload.response_url);
    expect(visible(response.body)).toContain("#1 Acme Corp · 5,000.00 USD · new · @anna");
  });

  it("creates one lead when an envelope is redelivered with retry_attempt", async () => {
    const before = await h.rows();
    const payload = h.emulator.commandPayload({ command: "/lead", text: "add Twice Inc 9 USD", user: anna });
    await h.emulator.socket.deliver("slash_commands", payload);
    await h.emulator.socket.deliver("slash_commands", payload, { retryAttempt: 1 });
    const id = payload.response_url!.split("/").pop();
    await h.emulator.waitFor(() => h.emulator.responses.filter((r) => r.id === id).length === 2);
    expect((await h.rows()).leads).toBe(before.leads + 1);
  });

  it("dispatches a button press and replaces the message", async () => {
    const actor = await h.dispatcher.resolve(slackCaller({ teamId: h.emulator.team.id, userId: anna.id, userName: anna.name }));
    const value = button({ actor }, "test.poke", "7", "Poke").id;
    const payload = h.emulator.buttonPayload({ value, actionId: "tl.btn.0", user: anna });
    const ack = await h.emulator.socket.deliver("interactive", payload);
    const response = await h.emulator.nextResponse(ack.seq, String(payload.response_url));
    expect(response.body.replace_original).toBe(true);
    expect(visible(response.body)).toContain("Poked 7 by @anna");
  });

  it.each([
    ["slash_commands", null],
    ["slash_commands", {}],
    ["interactive", null],
    ["interactive", { type: "block_actions" }],
    ["events_api", null],
    ["events_api", { type: "event_callback" }],
  ] as const)("acks and drops a %s envelope with payload %j, and keeps serving", async (type, payload) => {
    const before = await h.rows();
    const ack = await h.emulator.socket.deliver(type, payload);
    expect(ack.payload).toEqual({});
    expect(await h.rows()).toEqual(before);
    const list = h.emulator.commandPayload({ command: "/lead", text: "list", user: anna });
    const listed = await h.emulator.socket.deliver("slash_commands", list);
    const response = await h.emulator.nextResponse(listed.seq, list.response_url);
    expect(visible(response.body)).toContain("#1 Acme Corp");
  });

  it("disconnects when the door stops", async () => {
    await h.door.stop();
    await h.emulator.waitFor(() => h.emulator.socket.connections === 0, "the socket to close");
    expect(h.emulator.socket.connections).toBe(0);
  });
});
