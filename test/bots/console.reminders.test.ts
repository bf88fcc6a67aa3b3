import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { consoleButtons } from "../../src/bots/console/console.buttons.js";
import { runConsoleChat } from "../../src/bots/console/console.chat.js";
import { createConsoleMessenger } from "../../src/bots/console/console.messenger.js";
import { consolePrinter } from "../../src/bots/console/console.printer.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

/** The messages printed into the console, one per "For @…" heading (every reminder here is for one person). */
const messagesIn = (printed: string) => printed.split(/^(?=For @)/m).filter((text) => text.startsWith("For @"));
const doneButton = (message: string) => Number(/\[(\d+)\] Done/.exec(message)?.[1]);

describe(`reminders in the console chat (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anna = consoleCaller("anna");
  const bob = consoleCaller("bob");
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => (printed += chunk));
  // One printer for the chat and the messenger, as main.ts wires them: one numbering of buttons.
  const printer = consolePrinter({ output, buttons: consoleButtons(), filesDir: "unused" });
  const type = (...lines: string[]) =>
    runConsoleChat(app.dispatcher, { input: Readable.from([`${lines.join("\n")}\n`]), output, user: "anna", locale: "en", printer });

  beforeAll(async () => {
    app = await testApp({ clock });
    app.messengers.console = createConsoleMessenger(printer);
    await app.dispatcher.handle("/task list", anna);
    await app.dispatcher.handle("/crm me language hy", bob);
    await app.dispatcher.handle("/task add Call Acme due today 10:00", anna);
    await app.dispatcher.handle("/task add Send the quote due today 10:00", anna);
    await app.dispatcher.handle("/task add Book the venue @bob due today 10:00", anna);
    clock.set("2026-11-25T10:00:00Z");
    await app.outbox.tick();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("heads each reminder with whom it is for, in that person's language", () => {
    const annas = messagesIn(printed).filter((message) => message.startsWith("For @anna:"));
    expect(annas.map((message) => /task #(\d)/.exec(message)?.[1]).sort()).toEqual(["1", "2"]);
    // Bob reads Armenian: the heading and his reminder are in it.
    expect(printed).toMatch(/^@bob-ի համար՝\n/m);
  });

  it("numbers the buttons of reminders that arrive together apart, so the older one's still work", async () => {
    const annas = messagesIn(printed).filter((message) => message.startsWith("For @anna:"));
    const [older, newer] = annas;
    const [olderDone, newerDone] = [doneButton(older!), doneButton(newer!)];
    expect(olderDone).toBeGreaterThan(0);
    expect(newerDone).toBeGreaterThan(olderDone);
    const olderTask = Number(/task #(\d)/.exec(older!)?.[1]);

    const before = printed.length;
    await type(String(olderDone));
    const answer = printed.slice(before);
    expect(answer).not.toContain("There is no button");
    const tasks = await app.database.prisma.task.findMany({ select: { number: true, status: true }, orderBy: { number: "asc" } });
    expect(tasks.find((task) => task.number === olderTask)?.status).toBe("done");
    expect(tasks.filter((task) => task.status === "done")).toHaveLength(1);

    // The newer reminder's button still works after that press and a command's reply in between.
    await type("/task list", String(newerDone));
    const after = await app.database.prisma.task.findMany({ where: { status: "done" }, select: { number: true } });
    expect(after).toHaveLength(2);
  });

  it("answers a number no button was printed with", async () => {
    const before = printed.length;
    await type("999");
    expect(printed.slice(before)).toContain("There is no button 999 to press.");
  });
});
