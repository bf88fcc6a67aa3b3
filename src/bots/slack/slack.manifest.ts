import type { Registry } from "../commands/registry.js";
import type { Translate } from "../render/i18n.js";
import { CAPTURE_CALLBACK_ID } from "./slack.forms.js";

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

/** Events the app subscribes to: a person opening its Home tab (the door publishes their Home then). */
export const SLACK_BOT_EVENTS = ["app_home_opened"] as const;

type Yaml = string | boolean | number | Yaml[] | { [key: string]: Yaml };

/**
 * The Slack app manifest as data (checked against Slack's manifest schema in the tests), generated from the
 * command registry so Slack's slash-command list is always the registry's.
 */
export function slackManifestData(registry: Registry, t: Translate): { [key: string]: Yaml } {
  const slashCommands = registry.tops().map((top) => {
    const subcommands = [...new Set(registry.all.filter((c) => c.name.split(" ")[0] === top).map((c) => c.name.split(" ")[1]))];
    return {
      command: `/${top}`,
      url: REQUEST_URL,
      description: top === "crm" ? t("slack.command.crm") : t("slack.command.other", { command: top }),
      usage_hint: top === "crm" ? t("slack.command.crm.hint") : subcommands.filter(Boolean).join(" | "),
      // Slack then sends mentions as <@U123|name>, which the door turns into the member's @handle.
      should_escape: true,
    };
  });
  return {
    display_information: { name: "Threadline", description: t("slack.app.description") },
    features: {
      // The Home tab shows each person their day; the Messages tab lets them write to the bot in its DM.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: "Threadline", always_online: true },
      slash_commands: slashCommands,
      // A message's "More actions" menu: the message as a lead, a note or a task (the capture form, a modal).
      shortcuts: [{ name: t("form.capture.title"), type: "message", callback_id: CAPTURE_CALLBACK_ID, description: t("slack.shortcut.capture") }],
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: REQUEST_URL, bot_events: [...SLACK_BOT_EVENTS] },
      // Buttons, modal submissions and shortcuts all arrive here.
      interactivity: { is_enabled: true, request_url: REQUEST_URL },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/** A plain scalar when YAML reads it back as the same string; else a double-quoted one (a JSON string is one). */
const scalar = (value: string | boolean | number) =>
  typeof value !== "string" || /^[A-Za-z/][A-Za-z0-9_.:/-]*$/.test(value) ? String(value) : JSON.stringify(value);

function yamlLines(value: { [key: string]: Yaml }, indent: string): string[] {
  return Object.entries(value).flatMap(([key, inner]) => {
    if (!Array.isArray(inner) && typeof inner !== "object") return [`${indent}${key}: ${scalar(inner)}`];
    if (!Array.isArray(inner)) return [`${indent}${key}:`, ...yamlLines(inner, `${indent}  `)];
    return [
      `${indent}${key}:`,
      ...inner.flatMap((item) => {
        if (typeof item !== "object") return [`${indent}  - ${scalar(item)}`];
        // An object in a list: its first key on the dash's line, the rest under it.
        const lines = yamlLines(item as { [key: string]: Yaml }, `${indent}    `);
        return [`${indent}  - ${lines[0]!.trimStart()}`, ...lines.slice(1)];
      }),
    ];
  });
}

/** slack/manifest.yml: `npx tsx src/bots/slack/manifest.cli.ts > slack/manifest.yml`. */
export function slackManifest(registry: Registry, t: Translate): string {
  return [
    "# Threadline's Slack app. Generated from the command registry; do not edit by hand:",
    "#   npx tsx src/bots/slack/manifest.cli.ts > slack/manifest.yml",
    "# Replace YOUR-HOST with the public host that reaches PORT (HTTP mode), then paste this at api.slack.com/apps.",
    "# HTTP by default: Slack posts to /slack/events, checked with SLACK_SIGNING_SECRET. For Socket Mode (no",
    "# public URL needed), set socket_mode_enabled to true, create an app-level token with connections:write under",
    "# Basic Information, and start Threadline with SLACK_APP_TOKEN=xapp-...; the request URLs are then ignored.",
    ...yamlLines(slackManifestData(registry, t), ""),
    "",
  ].join("\n");
}
