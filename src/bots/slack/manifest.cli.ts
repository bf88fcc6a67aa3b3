import { commandRegistry } from "../commands/all.commands.js";
import { translator } from "../render/i18n.js";
import { slackManifest } from "./slack.manifest.js";

// Prints slack/manifest.yml: npx tsx src/bots/slack/manifest.cli.ts > slack/manifest.yml
process.stdout.write(slackManifest(commandRegistry(), translator("en")));
