import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandRegistry } from "../../../src/bots/commands/all.commands.js";
import { translator } from "../../../src/bots/render/i18n.js";
import { SLACK_BOT_SCOPES, slackManifest } from "../../../src/bots/slack/slack.manifest.js";

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
