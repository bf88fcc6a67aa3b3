import type { Writable } from "node:stream";
import { translator } from "../render/i18n.js";
import type { Reply } from "../render/reply.js";
import type { ConsoleButtons } from "./console.buttons.js";
import { saveConsoleFile } from "./console.files.js";
import { renderConsole } from "./console.render.js";

/** Who reads a printed message: the words the console adds are in their language; `handle` when it is for one person. */
export type ConsoleReader = { locale: string; handle?: string | undefined };

/**
 * The one way anything reaches the console's screen, a command's reply or a reminder the outbox sends: its
 * files saved (the path printed), its buttons numbered on from the last ones, and, for a message meant for
 * one person, whose it is (several people's reminders print into this one terminal).
 */
export function consolePrinter({ output, buttons, filesDir }: { output: Writable; buttons: ConsoleButtons; filesDir: string }) {
  return {
    async print(reply: Reply, reader: ConsoleReader): Promise<void> {
      const t = translator(reader.locale);
      const files: string[] = [];
      for (const file of reply.attachments ?? []) {
        try {
          files.push(t("console.file_saved", { path: await saveConsoleFile(filesDir, file) }));
        } catch (error) {
          // The message still shows; the person learns why its file is missing (a full disk, no permission).
          const reason = error instanceof Error ? error.message : String(error);
          files.push(t("console.file_failed", { filename: file.filename, reason }));
        }
      }
      const actions = reply.actions ?? [];
      const first = actions.length ? buttons.offer(actions) : 1;
      const text = [
        ...(reader.handle ? [t("console.for", { handle: reader.handle })] : []),
        renderConsole(reply, first),
        ...files.map((line) => `  ${line}`),
        ...(actions.length ? [`  ${t("console.choose")}`] : []),
      ].filter((line) => line !== "");
      output.write(`${text.join("\n")}\n`);
    },
    line(text: string): void {
      output.write(`${text}\n`);
    },
    /** The button printed with `number` on any message still remembered. */
    button: (number: number) => buttons.find(number),
  };
}

export type ConsolePrinter = ReturnType<typeof consolePrinter>;
