import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { CallerKey } from "../../domain/members/member.repo.js";
import { translator } from "../render/i18n.js";
import type { PressResult } from "../commands/actions.js";
import type { Reply } from "../render/reply.js";
import { consoleButtons } from "./console.buttons.js";
import { consolePrinter, type ConsolePrinter } from "./console.printer.js";
import { normalizeCaller, normalizeUserText } from "../user-text.js";

export type ConsoleDoor = {
  /** A command line in, a reply out: the dispatcher's handle. */
  handle(line: string, caller: CallerKey): Promise<Reply>;
  /** A button press by its action id, when the product has buttons to press. */
  press?(payload: string, caller: CallerKey): Promise<PressResult>;
  /** A line that is not a command, as the answer to the caller's open form (null when none is open). */
  answer?(text: string, caller: CallerKey): Promise<Reply | null>;
};

/** Files of replies go here when the caller gives no printer of its own (main.ts passes CONSOLE_FILES_DIR's). */
const DEFAULT_FILES_DIR = "./data/files";

/**
 * The local chat: one command per line on `input`, replies on `output`. Lines are handled one at a time
 * in order, so a piped file behaves like a person typing. A number presses the button printed with it,
 * whether on a reply or on a reminder the console messenger printed through the same `printer`.
 * Resolves when input ends and the last reply is out.
 */
export async function runConsoleChat(
  door: ConsoleDoor,
  {
    input,
    output,
    user,
    locale,
    printer = consolePrinter({ output, buttons: consoleButtons(), filesDir: DEFAULT_FILES_DIR }),
  }: { input: Readable; output: Writable; user: string; locale: string; printer?: ConsolePrinter },
): Promise<void> {
  const t = translator(locale);
  const caller: CallerKey = normalizeCaller({
    platform: "console",
    externalWorkspaceId: "local",
    externalChatId: "local",
    externalUserId: user,
    displayName: user,
    username: user,
    chatTitle: "Local workspace",
    // Only the person at this terminal reads it: link codes may be shown here.
    directMessage: true,
  });
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = createInterface({ input, terminal: false });

  /** The last reply asked a question to answer in words: a number is then the answer, not a button. */
  let typedQuestion = false;
  printer.line(t("console.welcome"));
  if (interactive) output.write("> ");
  for await (const raw of lines) {
    const line = normalizeUserText(raw).trim();
    if (line === "/quit" || line === "/exit") break;
    if (line !== "") {
      let answer: Reply;
      if (/^\d{1,9}$/.test(line) && door.press && !typedQuestion) {
        const action = printer.button(Number(line));
        const result = action ? await door.press(action.id, caller) : null;
        answer = !result
          ? { lines: [t("console.no_choice", { number: line })], tone: "error" }
          : result.kind === "alert"
            ? { lines: [result.text], tone: "error" }
            : result.reply;
      } else {
        // A line without "/" answers the open form's question, if there is one; otherwise it is a command.
        const answered = !line.startsWith("/") && door.answer ? await door.answer(line, caller) : null;
        answer = answered ?? (await door.handle(line.startsWith("/") ? line : `/${line}`, caller));
      }
      typedQuestion = answer.ask?.typed === true;
      await printer.print(answer, { locale });
    }
    if (interactive) output.write("> ");
  }
  lines.close();
}
