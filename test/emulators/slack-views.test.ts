import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackEmulator, type SlackEmulator } from "./slack-emulator.js";

/** The emulator's views (slack-views.ts) hold an app to what Slack does (platform-facts A7, A8; Web API spec). */
describe("Slack emulator views", () => {
  let slack: SlackEmulator;
  let clock = 1_800_000_000_000;
  const api = (method: string, args: Record<string, unknown>) =>
    fetch(`${slack.apiUrl}${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${slack.botToken}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(args),
    }).then(async (res) => (await res.json()) as Record<string, any>);
  const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
  const home = (blocks: unknown[] = [section("hi")]) => ({ type: "home", blocks });
  const modal = (title = "New lead", blocks: unknown[] = [section("x")]) => ({ type: "modal", title: { type: "plain_text", text: title }, blocks });

  beforeAll(async () => {
    slack = await startSlackEmulator({ now: () => clock });
  });
  afterAll(async () => {
    await slack?.close();
  });

  describe("views.publish", () => {
    it("publishes a person's Home and keeps its view id across publishes", async () => {
      const first = await api("views.publish", { user_id: "U0ANNA", view: home() });
      expect(first).toMatchObject({ ok: true, view: { type: "home", team_id: "T0ACME", blocks: [section("hi")] } });
      const second = await api("views.publish", { user_id: "U0ANNA", view: home([section("again")]) });
      expect(second.view.id).toBe(first.view.id);
      expect(slack.homeOf("U0ANNA")?.blocks).toEqual([section("again")]);
    });

    it("refuses a call without the arguments the Web API spec requires", async () => {
      expect(await api("views.publish", { view: home() })).toEqual({ ok: false, error: "invalid_arguments", response_metadata: { messages: ["[ERROR] missing required field: user_id"] } });
      expect((await api("views.publish", { user_id: "U0ANNA" })).error).toBe("invalid_arguments");
    });

    it("refuses a view that is not a home view, or has more than 100 blocks, or breaks a Block Kit limit", async () => {
      expect((await api("views.publish", { user_id: "U0ANNA", view: modal() })).error).toBe("invalid_arguments");
      expect((await api("views.publish", { user_id: "U0ANNA", view: { type: "home" } })).error).toBe("invalid_arguments");
      const many = await api("views.publish", { user_id: "U0ANNA", view: home(Array.from({ length: 101 }, () => section("x"))) });
      expect(many).toMatchObject({ ok: false, error: "invalid_arguments", response_metadata: { messages: ["101 blocks (max 100)"] } });
      expect((await api("views.publish", { user_id: "U0ANNA", view: home(Array.from({ length: 100 }, () => section("x"))) })).ok).toBe(true);
      expect((await api("views.publish", { user_id: "U0ANNA", view: home([section("x".repeat(3001))]) })).error).toBe("invalid_arguments");
    });

    it("answers hash_conflict for a stale hash", async () => {
      const { view } = await api("views.publish", { user_id: "U0BOB", view: home() });
      expect((await api("views.publish", { user_id: "U0BOB", view: home(), hash: "1.stale" })).error).toBe("hash_conflict");
      expect((await api("views.publish", { user_id: "U0BOB", view: home(), hash: view.hash })).ok).toBe(true);
    });

    it("answers not_enabled when the app's Home tab is off", async () => {
      const off = await startSlackEmulator({ homeTabEnabled: false });
      const answer = await fetch(`${off.apiUrl}views.publish`, {
        method: "POST",
        headers: { authorization: `Bearer ${off.botToken}`, "content-type": "application/json" },
        body: JSON.stringify({ user_id: "U0ANNA", view: home() }),
      }).then((res) => res.json());
      await off.close();
      expect(answer).toEqual({ ok: false, error: "not_enabled" });
    });
  });

  describe("views.open and views.push", () => {
    it("opens a modal from a trigger_id within 3 seconds, once", async () => {
      const trigger = slack.views.issueTrigger("U0ANNA");
      clock += 2_900;
      const opened = await api("views.open", { trigger_id: trigger, view: modal() });
      expect(opened).toMatchObject({ ok: true, view: { type: "modal", title: { text: "New lead" } } });
      expect(opened.view.root_view_id).toBe(opened.view.id);
      expect(slack.views.modalsOf("U0ANNA").map((view) => view.id)).toEqual([opened.view.id]);
      expect((await api("views.open", { trigger_id: trigger, view: modal() })).error).toBe("exchanged_trigger_id");
    });

    it("answers expired_trigger_id past 3 seconds, and invalid_trigger_id for one Slack never gave", async () => {
      const trigger = slack.views.issueTrigger("U0ANNA");
      clock += 3_001;
      expect((await api("views.open", { trigger_id: trigger, view: modal() })).error).toBe("expired_trigger_id");
      expect((await api("views.open", { trigger_id: "1.2.abc", view: modal() })).error).toBe("invalid_trigger_id");
      expect((await api("views.open", { trigger_id: "not-a-trigger", view: modal() })).error).toBe("invalid_trigger_id");
    });

    it("hands out a trigger_id with every command and button payload it builds", async () => {
      const { trigger_id } = slack.commandPayload({ command: "/lead", user: { id: "U0BOB", name: "bob" } });
      expect((await api("views.open", { trigger_id, view: modal() })).ok).toBe(true);
    });

    it("checks a modal's shape: a title of 1-24 characters, a submit button with inputs, at most 100 blocks", async () => {
      const open = (view: unknown) => api("views.open", { trigger_id: slack.views.issueTrigger("U0ANNA"), view });
      expect((await open(modal("A title far longer than allowed"))).error).toBe("invalid_arguments");
      const input = { type: "input", label: { type: "plain_text", text: "Name" }, element: { type: "plain_text_input", action_id: "name" } };
      expect((await open(modal("New lead", [input]))).error).toBe("invalid_arguments");
      expect((await open({ ...modal("New lead", [input]), submit: { type: "plain_text", text: "Save" } })).ok).toBe(true);
      expect((await open(modal("New lead", Array.from({ length: 101 }, () => section("x"))))).error).toBe("invalid_arguments");
      expect((await api("views.open", { view: modal() })).response_metadata.messages).toEqual(["[ERROR] missing required field: trigger_id"]);
    });

    it("pushes onto the open modal, three views at most", async () => {
      const root = await api("views.open", { trigger_id: slack.views.issueTrigger("U0CARL"), view: modal() });
      const pushed = await api("views.push", { trigger_id: slack.views.issueTrigger("U0CARL"), view: modal("Step 2") });
      expect(pushed.view).toMatchObject({ root_view_id: root.view.id, previous_view_id: root.view.id });
      expect((await api("views.push", { trigger_id: slack.views.issueTrigger("U0CARL"), view: modal("Step 3") })).ok).toBe(true);
      expect((await api("views.push", { trigger_id: slack.views.issueTrigger("U0CARL"), view: modal("Step 4") })).error).toBe("push_limit_reached");
      const late = slack.views.issueTrigger("U0CARL");
      clock += 3_001;
      expect((await api("views.push", { trigger_id: late, view: modal("Late") })).error).toBe("expired_trigger_id");
    });
  });

  describe("views.update", () => {
    it("updates a view by id or external_id, and answers not_found for an unknown one", async () => {
      const { view } = await api("views.open", { trigger_id: slack.views.issueTrigger("U0DAN"), view: { ...modal(), external_id: "lead-form-1" } });
      expect((await api("views.update", { view_id: view.id, view: { ...modal("Renamed"), external_id: "lead-form-1" } })).view).toMatchObject({ id: view.id, title: { text: "Renamed" } });
      expect((await api("views.update", { external_id: "lead-form-1", view: { ...modal("Again"), external_id: "lead-form-1" } })).ok).toBe(true);
      expect((await api("views.update", { view_id: "V0NOPE", view: modal() })).error).toBe("not_found");
      expect((await api("views.update", { view: modal() })).error).toBe("invalid_arguments");
      expect((await api("views.update", { view_id: view.id, view: modal(), hash: "1.stale" })).error).toBe("hash_conflict");
    });

    it("keeps a Home a home view when it is updated", async () => {
      const { view } = await api("views.publish", { user_id: "U0EVE", view: home() });
      expect((await api("views.update", { view_id: view.id, view: modal() })).error).toBe("invalid_arguments");
      expect((await api("views.update", { view_id: view.id, view: home([section("updated")]) })).ok).toBe(true);
      expect(slack.homeOf("U0EVE")?.blocks).toEqual([section("updated")]);
    });
  });
});
