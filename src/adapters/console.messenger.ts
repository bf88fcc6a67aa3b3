import type { Writable } from "node:stream";
import { renderConsole } from "../bots/console/console.render.js";
import { translator } from "../bots/render/i18n.js";
import type { Reply } from "../bots/render/reply.js";
import type { ChatAddress, MessageRef, Messenger, OutgoingFile } from "./messenger.js";

/**
 * The console's outbound side: reminders and alerts for console members are printed into the console chat,
 * rendered the way its replies are. One person uses the console, so every chat id lands in the same stream.
 */
export function createConsoleMessenger(output: Writable, { locale = "en" }: { locale?: string } = {}): Messenger {
  const t = translator(locale);
  let lastId = 0;
  const print = (to: ChatAddress, text: string): MessageRef => {
    output.write(`${text}\n`);
    return { platform: "console", chatId: to.chatId, messageId: String(++lastId) };
  };
  return {
    platform: "console",
    async send(to, reply: Reply) {
      const files = (reply.attachments ?? []).map((file) => `  ${t("outbox.console.file", { filename: file.filename })}`);
      return print(to, [renderConsole(reply), ...files].join("\n"));
    },
    async edit(message, reply) {
      print(message, renderConsole(reply));
    },
    async sendFile(to, file: OutgoingFile) {
      return print(to, t("outbox.console.file", { filename: file.filename }));
    },
  };
}
