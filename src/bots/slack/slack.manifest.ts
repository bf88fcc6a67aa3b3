import type { Registry } from "../commands/registry.js";
import type { Translate } from "../render/i18n.js";

/** What the bot may do: answer commands, post (also where it was not invited), DM, read profiles, upload, and
 * read history (the Slack messenger looks for its own tagged posts after a send whose answer was lost). */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "im:write",
  "users:read",
  "files:write",
  "channels:history",
  "groups:history",
  "im:history",
] as const;

const REQUEST_URL = "https://YOUR-HOST/slack/events";
// YAML double-quoted scalars are JSON strings, so JSON.stringify quotes safely.
const q = (text: string) => JSON.stringify(text);

/**
 * The Slack app manifest, generated from the command registry so Slack's slash-command list is always the
 * registry's: `npx tsx src/bots/slack/manifest.cli.ts > slack/manifest.yml`.
 */
export function slackManifest(registry: Registry, t: Translate): string {
  const commands = registry.tops().flatMap((top) => {
    const subcommands = [...new Set(registry.all.filter((c) => c.name.split(" ")[0] === top).map((c) => c.name.split(" ")[1]))];
    const description = top === "crm" ? t("slack.command.crm") : t("slack.command.other", { command: top });
    const hint = top === "crm" ? t("slack.command.crm.hint") : subcommands.filter(Boolean).join(" | ");
    return [
      `    - command: /${top}`,
      `      url: ${REQUEST_URL}`,
      `      description: ${q(description)}`,
      `      usage_hint: ${q(hint)}`,
      // Slack then sends mentions as <@U123|name>, which the door turns into the member's @handle.
      `      should_escape: true`,
    ];
  });
  return [
    "# Threadline's Slack app. Generated from the command registry; do not edit by hand:",
    "#   npx tsx src/bots/slack/manifest.cli.ts > slack/manifest.yml",
    "# Replace YOUR-HOST with the public host that reaches PORT (HTTP mode), then paste this at api.slack.com/apps.",
    "display_information:",
    "  name: Threadline",
    `  description: ${q(t("slack.app.description"))}`,
    "features:",
    "  bot_user:",
    "    display_name: Threadline",
    "    always_online: true",
    "  slash_commands:",
    ...commands,
    "oauth_config:",
    "  scopes:",
    "    bot:",
    ...SLACK_BOT_SCOPES.map((scope) => `      - ${scope}`),
    "settings:",
    "  interactivity:",
    "    is_enabled: true",
    `    request_url: ${REQUEST_URL}`,
    "  org_deploy_enabled: false",
    "  # HTTP by default: Slack posts to /slack/events, checked with SLACK_SIGNING_SECRET. For Socket Mode (no",
    "  # public URL needed), set this to true, create an app-level token with connections:write under Basic",
    "  # Information, and start Threadline with SLACK_APP_TOKEN=xapp-...; the request URLs are then ignored.",
    "  socket_mode_enabled: false",
    "  token_rotation_enabled: false",
    "",
  ].join("\n");
}
