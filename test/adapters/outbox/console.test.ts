import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleButtons } from "../../../src/bots/console/console.buttons.js";
import { createConsoleMessenger } from "../../../src/bots/console/console.messenger.js";
import { consolePrinter } from "../../../src/bots/console/console.printer.js";
import type { App } from "../../../src/app.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { outboxRows } from "../../support/outbox.js";

describe(`the app's outbox on the console (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("prints a due message for a console member into the console chat", async () => {
    const build = outboxRows(app.database);
    const { id: workspaceId } = await build.workspace();
    const anna = await build.member(workspaceId, "Anna", { role: "owner", on: [{ platform: "console", userId: "anna" }] });
    const id = await build.enqueue(workspaceId, {
      kind: "admin.alert",
      recipientId: anna.id,
      dueAt: clock.now(),
      payload: { failed: [{ id: "x", kind: "task.due", dueAt: "2026-11-25T08:00:00Z", recipient: "Bob", reason: "permanent", attempts: 1 }] },
    });
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk) => (printed += chunk));
    app.messengers.console = createConsoleMessenger(consolePrinter({ output, buttons: consoleButtons(), filesDir: "unused" }));

    await app.outbox.tick();

    // The console says whose message it is, in one terminal every person's messages share.
    const { handle } = await app.database.prisma.member.findUniqueOrThrow({ where: { id: anna.id }, select: { handle: true } });
    expect(printed).toContain(`For @${handle}:\n! Some messages could not be delivered`);
    expect(printed).toContain("A task reminder for Bob");
    expect(await build.row(id)).toMatchObject({ state: "sent", sentPlatform: "console", sentChatId: "anna", messageId: "1" });
  });
});
