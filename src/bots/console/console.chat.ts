import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { CallerKey } from "../../domain/members/member.repo.js";
import { translator } from "../render/i18n.js";
import type { PressResult } from "../commands/actions.js";
import type { Reply } from "../render/reply.js";
import { renderConsole } from "./console.render.js";
import { normalizeCaller, normalizeUserText } from "../user-text.js";

/**
 * The buttons the console user can press by number: those of the last message printed, whether a reply
 * or a reminder the outbox printed between replies (the console messenger offers them here).
 */
export type ConsoleChoices = { actions: NonNullable<Reply["actions"]> };

export type ConsoleDoor = {
  /** A command line in, a reply out: the dispatcher's handle. */
  handle(line: string, caller: CallerKey): Promise<Reply>;
  /** A button press by its action id, when the product has buttons to press. */
  press?(payload: string, caller: CallerKey): Promise<PressResult>;
};

/**
 * The local chat: one command per line on `input`, replies on `output`. Lines are handled one at a time
 * in order, so a piped file behaves like a person typing. Resolves when input ends and the last reply is out.
 */
export async function runConsoleChat(
  door: ConsoleDoor,
  {
    input,
    output,
    user,
    locale,
    choices = { actions: [] },
  }: { input: Readable; output: Writable; user: string; locale: string; choices?: ConsoleChoices },
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
  const write = (text: string) => output.write(`${text}\n`);
  const lines = createInterface({ input, terminal: false });

  write(t("console.welcome"));
  if (interactive) output.write("> ");
  for await (const raw of lines) {
    const line = normalizeUserText(raw).trim();
    if (line === "/quit" || line === "/exit") break;
    if (line !== "") {
      let answer: Reply;
      if (/^\d{1,2}$/.test(line) && door.press) {
        const action = choices.actions[Number(line) - 1];
        const result = action ? await door.press(action.id, caller) : null;
        answer = !result
          ? { lines: [t("console.no_choice", { number: line })], tone: "error" }
          : result.kind === "alert"
            ? { lines: [result.text], tone: "error" }
            : result.reply;
      } else {
        answer = await door.handle(line.startsWith("/") ? line : `/${line}`, caller);
      }
      choices.actions = answer.actions ?? [];
      write(renderConsole(answer));
      if (choices.actions.length) write(`  ${t("console.choose")}`);
    }
    if (interactive) output.write("> ");
  }
  lines.close();
}
