import { reply } from "../render/reply.js";
import { defineCommand, noArgs } from "./registry.js";

export const help = defineCommand({
  name: "crm help",
  usage: "/crm help",
  example: "/crm help",
  summary: "cmd.help",
  args: noArgs,
  async run(_input, { services, t }) {
    return {
      ...reply.text(...services.registry.all.map((command) => `${command.usage} — ${t(command.summary)}`)),
      title: t("help.title"),
      footer: t("help.footer"),
    };
  },
});
