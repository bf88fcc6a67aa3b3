import type { ChatAddress, MessageRef, Messenger } from "../messenger.js";
import type { ConsolePrinter } from "./console.printer.js";

/**
 * The console's outbound side: reminders and alerts for console members are printed into the console chat
 * through the chat's own printer, so their files are saved and their buttons stay pressable by number. Every
 * chat id lands in the same terminal, so a message for one person says whose it is.
 */
export function createConsoleMessenger(printer: ConsolePrinter, { locale = "en" }: { locale?: string } = {}): Messenger {
  let lastId = 0;
  const ref = (to: ChatAddress): MessageRef => ({ platform: "console", chatId: to.chatId, messageId: String(++lastId) });
  return {
    platform: "console",
    async send(to, reply, options) {
      await printer.print(reply, { locale: options?.reader?.locale ?? locale, handle: options?.reader?.handle });
      return ref(to);
    },
    async edit(_message, reply) {
      await printer.print(reply, { locale });
    },
    async sendFile(to, file) {
      const attachment = { filename: file.filename, mimeType: file.mimeType ?? "application/octet-stream", bytes: file.bytes };
      await printer.print({ ...(file.caption ? { lines: [file.caption] } : {}), attachments: [attachment] }, { locale });
      return ref(to);
    },
  };
}
