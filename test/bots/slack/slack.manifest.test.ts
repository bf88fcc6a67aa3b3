import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandRegistry } from "../../../src/bots/commands/all.commands.js";
import { translator } from "../../../src/bots/render/i18n.js";
import { CAPTURE_CALLBACK_ID } from "../../../src/bots/slack/slack.forms.js";
import { SLACK_BOT_SCOPES, slackManifest, slackManifestData } from "../../../src/bots/slack/slack.manifest.js";
import { schemaProblems } from "../../support/json-schema.js";

const manifest = readFileSync(new URL("../../../slack/manifest.yml", import.meta.url), "utf8");
const REGENERATE = "slack/manifest.yml is stale: npx tsx src/bots/slack/manifest.cli.ts > slack/manifest.yml";

describe("the Slack app manifest", () => {
  it("declares exactly the registry's slash commands", () => {
    const declared = [...manifest.matchAll(/^\s+- command: \/(\S+)$/gm)].map((match) => match[1]);
    expect(declared, REGENERATE).toEqual(commandRegistry().tops());
  });

  it("is what the generator makes from the current registry and catalog", () => {
    expect(manifest, REGENERATE).toBe(slackManifest(commandRegistry(), translator("en")));
  });

  it("asks for the scopes the door and messenger use, with interactivity on and Socket Mode off", () => {
    for (const scope of SLACK_BOT_SCOPES) expect(manifest).toContain(`      - ${scope}\n`);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toContain("socket_mode_enabled: false");
  });
});

describe("the Slack app manifest against Slack's manifest schema (slackapi/manifest-schema, copied to test/emulators/spec)", () => {
  const schema = JSON.parse(readFileSync(new URL("../../emulators/spec/slack-manifest.schema.1.0.0.json", import.meta.url), "utf8"));
  const data = slackManifestData(commandRegistry(), translator("en"));

  it("is valid: every key known, every value within the schema's limits", () => {
    expect(schemaProblems(schema, data)).toEqual([]);
  });

  it("turns on the Home and Messages tabs and subscribes to app_home_opened at the events URL", () => {
    expect(data.features).toMatchObject({ app_home: { home_tab_enabled: true, messages_tab_enabled: true } });
    expect(data.settings).toMatchObject({ event_subscriptions: { request_url: "https://YOUR-HOST/slack/events", bot_events: ["app_home_opened"] } });
    expect(manifest).toContain("    bot_events:\n      - app_home_opened\n");
    expect(manifest).toContain("    home_tab_enabled: true\n");
  });

  it("offers the message shortcut 'Add to Threadline' that the door listens for", () => {
    expect(data.features).toMatchObject({ shortcuts: [{ name: "Add to Threadline", type: "message", callback_id: CAPTURE_CALLBACK_ID }] });
    expect(manifest).toContain(`      callback_id: ${CAPTURE_CALLBACK_ID}\n`);
  });

  it("is refused by the same check when it breaks the schema, so the check can fail", () => {
    const broken = { ...data, features: { ...(data.features as object), app_home: { home_tab_enabled: "yes", tabs: 2 } } };
    expect(schemaProblems(schema, broken)).toEqual([
      "manifest.features.app_home.home_tab_enabled: string, expected boolean",
      "manifest.features.app_home.tabs: not allowed",
    ]);
  });
});
