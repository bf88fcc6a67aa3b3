import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackEmulator, type SlackEmulator } from "./slack-emulator.js";
import { submissionOutcome, viewState } from "./slack-modals.js";

/** The emulator refuses modals and submission answers the way Slack does, so the door can't get away with less. */
describe("Slack emulator modals", () => {
  let slack: SlackEmulator;
  let clock = 1_800_000_000_000;
  const api = (method: string, args: Record<string, unknown>) =>
    fetch(`${slack.apiUrl}${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${slack.botToken}`, "content-type": "application/json" },
      body: JSON.stringify(args),
    }).then(async (res) => (await res.json()) as Record<string, any>);
  const field = (blockId: string, extra: Record<string, unknown> = {}) => ({
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: blockId },
    element: { type: "plain_text_input", action_id: "answer" },
    ...extra,
  });
  const modal = (blocks: unknown[], title = "New lead") => ({ type: "modal", title: { type: "plain_text", text: title }, submit: { type: "plain_text", text: "Save" }, blocks });
  const open = (blocks: unknown[], title?: string) => api("views.open", { trigger_id: slack.views.issueTrigger("U0ANNA"), view: modal(blocks, title) });

  beforeAll(async () => {
    slack = await startSlackEmulator({ now: () => clock });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("opens a modal of well-formed inputs", async () => {
    const opened = await open([field("name"), field("kind", { element: { type: "static_select", action_id: "answer", options: [{ text: { type: "plain_text", text: "Lead" }, value: "lead" }] } })]);
    expect(opened.ok).toBe(true);
  });

  it.each([
    ["an input without an element", [{ type: "input", block_id: "name", label: { type: "plain_text", text: "Name" } }]],
    ["an input without a label", [{ type: "input", block_id: "name", element: { type: "plain_text_input", action_id: "a" } }]],
    ["two inputs with one block_id", [field("name"), field("name")]],
    ["a select without options", [field("kind", { element: { type: "static_select", action_id: "answer", options: [] } })]],
    ["a placeholder over 150", [field("name", { element: { type: "plain_text_input", action_id: "a", placeholder: { type: "plain_text", text: "x".repeat(151) } } })]],
    ["101 blocks", Array.from({ length: 101 }, (_, index) => field(`f${index}`))],
  ])("refuses %s", async (_what, blocks) => {
    expect(await open(blocks)).toMatchObject({ ok: false, error: "invalid_arguments" });
  });

  it("refuses a title over 24 characters and a trigger_id older than 3 seconds", async () => {
    expect(await open([field("name")], "A title that is far too long")).toMatchObject({ ok: false, error: "invalid_arguments" });
    const trigger = slack.views.issueTrigger("U0ANNA");
    clock += 3001;
    expect(await api("views.open", { trigger_id: trigger, view: modal([field("name")]) })).toEqual({ ok: false, error: "expired_trigger_id" });
  });

  it("reads a submission's ack as Slack does: errors only on the view's input blocks, within 3 seconds", async () => {
    const opened = await open([field("name"), field("email", { optional: true })]);
    const view = slack.views.view(opened.view.id)!;
    expect(viewState(view, { name: "Initech" })).toEqual({ name: { answer: { type: "plain_text_input", value: "Initech" } }, email: { answer: { type: "plain_text_input", value: null } } });
    expect(() => viewState(view, { phone: "1" })).toThrow(/no input "phone"/);
    expect(submissionOutcome(view, 200, "", 120)).toMatchObject({ closed: true, problems: [] });
    expect(submissionOutcome(view, 200, JSON.stringify({ response_action: "errors", errors: { email: "Not an address" } }), 120)).toMatchObject({ closed: false, errors: { email: "Not an address" }, problems: [] });
    expect(submissionOutcome(view, 200, JSON.stringify({ response_action: "errors", errors: { phone: "No" } }), 120).problems).toEqual(['errors names "phone", which is not an input block of the view']);
    expect(submissionOutcome(view, 200, "", 3200)).toMatchObject({ closed: false, problems: ["acknowledged after 3200 ms (Slack waits 3000)"] });
  });
});
