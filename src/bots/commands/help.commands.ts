import { z } from "zod";
import { reply, type Reply } from "../render/reply.js";
import { defineCommand, type Command, type CommandContext } from "./registry.js";

/** "lead", "/lead", "Leads": the first word of a command, as people type it. */
const topicText = z.string().transform((text) => text.trim().split(/\s+/)[0]!.replace(/^\//, "").toLowerCase());

export const help = defineCommand({
  name: "crm help",
  reads: true,
  usage: "/crm help [lead|task|contact|invoice|crm]",
  example: "/crm help lead",
  summary: "cmd.help",
  args: topicText,
  async run(topic, ctx) {
    const { services, t } = ctx;
    if (topic === "") {
      return { ...reply.text(...services.registry.all.map((command) => helpLine(command, ctx))), title: t("help.title"), footer: t("help.footer") };
    }
    return topicHelp(topic, ctx);
  },
});

/**
 * One topic's commands: those whose first word is the topic (`/crm help lead`, or a bare `/lead`). The
 * topics are the slash commands the registry declares, so a new area of commands gets its help by itself.
 */
function topicHelp(asked: string, ctx: CommandContext): Reply {
  const { services, t } = ctx;
  const topics = services.registry.tops();
  // "leads" finds "lead": people name the area in the plural as often as not.
  const topic = topics.find((name) => name === asked || `${name}s` === asked);
  if (!topic) {
    // Joined the reader's way ("a, b, and c"; Persian with its own comma and "و").
    const list = new Intl.ListFormat(ctx.fmt.locale, { type: "conjunction" }).format(topics.map((name) => `/${name}`));
    return reply.error(t("help.topic_unknown", { topic: asked, topics: list }), t("error.example", { example: "/crm help lead" }));
  }
  const commands = services.registry.all.filter((command) => command.name.split(" ")[0] === topic);
  return { ...reply.text(...commands.map((command) => helpLine(command, ctx))), title: t("help.topic_title", { topic: `/${topic}` }), footer: t("help.topic_footer") };
}

const helpLine = (command: Command, { t }: CommandContext) => `${command.usage} — ${t(command.summary)}`;
