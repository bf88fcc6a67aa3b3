import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackEmulator, type SlackEmulator } from "./slack-emulator.js";

/** The emulator's own rules, where they are what the platform does (platform-facts A5, A7, A9). */
describe("Slack emulator", () => {
  let slack: SlackEmulator;
  const api = (method: string, body: Record<string, string>, token = slack.botToken) =>
    fetch(`${slack.apiUrl}${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, any> }));

  beforeAll(async () => {
    slack = await startSlackEmulator();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("answers every Web API call with HTTP 200 JSON, refusing a wrong token", async () => {
    expect(await api("auth.test", {}, "xoxb-wrong")).toEqual({ status: 200, body: { ok: false, error: "invalid_auth" } });
    expect((await api("auth.test", { team_id: "T0ACME" })).body).toMatchObject({ ok: true, team_id: "T0ACME", bot_id: "B0BOT" });
  });

  it("refuses blocks past Block Kit's limits", async () => {
    const blocks = JSON.stringify(Array.from({ length: 51 }, () => ({ type: "section", text: { type: "mrkdwn", text: "x" } })));
    expect((await api("chat.postMessage", { channel: "C1", text: "x", blocks })).body).toEqual({ ok: false, error: "invalid_blocks" });
  });

  it("lets a response_url be used five times", async () => {
    const url = slack.newResponseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"hi"}' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it("accepts a trigger_id once for views.open", async () => {
    const view = JSON.stringify({ type: "modal", title: { type: "plain_text", text: "New lead" }, blocks: [] });
    const trigger = slack.views.issueTrigger("U0ANNA");
    expect((await api("views.open", { trigger_id: trigger, view })).body.ok).toBe(true);
    expect((await api("views.open", { trigger_id: trigger, view })).body).toEqual({ ok: false, error: "exchanged_trigger_id" });
  });
});
