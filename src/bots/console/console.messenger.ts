import type { Writable } from "node:stream";
import { renderConsole } from "./console.render.js";
import { translator } from "../render/i18n.js";
import type { ConsoleChoices } from "./console.chat.js";
import type { Reply } from "../render/reply.js";
import type { ChatAddress, MessageRef, Messenger, OutgoingFile } from "../messenger.js";

/**
 * The console's outbound side: reminders and alerts for console members are printed into the console chat,
 * rendered the way its replies are. One person uses the console, so every chat id lands in the same stream.
 */
export function createConsoleMessenger(
  output: Writable,
  { locale = "en", choices }: { locale?: string; choices?: ConsoleChoices } = {},
): Messenger {
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
      // A reminder's buttons become the numbers the console user can type next.
      const offer = reply.actions?.length && choices ? [`  ${t("console.choose")}`] : [];
      if (reply.actions?.length && choices) choices.actions = reply.actions;
      return print(to, [renderConsole(reply), ...files, ...offer].join("\n"));
    },
    async edit(message, reply) {
      print(message, renderConsole(reply));
    },
    async sendFile(to, file: OutgoingFile) {
      return print(to, t("outbox.console.file", { filename: file.filename }));
    },
  };
}
