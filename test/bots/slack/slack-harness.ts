import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { prismaInbox } from "../../../src/adapters/prisma/inbox.prisma-repo.js";
import type { App } from "../../../src/app.js";
import { defineAction, type ButtonAction } from "../../../src/bots/commands/actions.js";
import { buttonActions } from "../../../src/bots/commands/all.commands.js";
import { createDispatcher } from "../../../src/bots/commands/dispatch.js";
import { allForms } from "../../../src/bots/forms/all.forms.js";
import { createFormEngine } from "../../../src/bots/forms/form.engine.js";
import { prismaFormSessions } from "../../../src/adapters/prisma/form-session.prisma-repo.js";
import { createRegistry, defineCommand, noArgs } from "../../../src/bots/commands/registry.js";
import type { Door } from "../../../src/bots/door.js";
import { serveRoutes } from "../../../src/bots/http-server.js";
import { createSlackDoor, type SlackDoorDeps } from "../../../src/bots/slack/slack.door.js";
import { testApp } from "../../support/app.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { startSlackEmulator, type SlackEmulator } from "../../emulators/slack-emulator.js";

/**
 * The real app (testApp), the real Bolt app from createSlackDoor and the Slack emulator, wired as in
 * production. The dispatcher is the real one plus two test-only buttons and a command that attaches a file
 * (fixed outcomes, independent of the product's rules), and can be held to show the ack does not wait.
 */
export async function slackHarness({ socketMode = false } = {}) {
  const app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z") });
  const emulator = await startSlackEmulator({ users: {
      U0ANNA: { name: "anna", tz: "Asia/Tehran", locale: "en-US" },
      U0BOB: { name: "bob", tz: "Europe/Berlin" },
      U0ARA: { name: "ara", tz: "Asia/Yerevan", locale: "hy-AM" },
    }, });

  const presses: string[] = [];
  const actions: ButtonAction[] = [
    defineAction({
      name: "test.poke",
      async run(recordId, ctx) {
        presses.push(recordId);
        return { kind: "edit", reply: { title: `Poked ${recordId} by @${ctx.actor.member.handle}`, tone: "ok" } };
      },
    }),
    defineAction({
      name: "test.refuse",
      async run() {
        return { kind: "alert", text: "You can't poke this one <!here>" };
      },
    }),
  ];
  const sampleFile = defineCommand({
    name: "crm sample-file",
    usage: "/crm sample-file",
    example: "/crm sample-file",
    summary: "cmd.help",
    args: noArgs,
    async run() {
      const bytes = new TextEncoder().encode("%PDF-1.4 sample");
      return { lines: ["Here is the file"], attachments: [{ filename: "INV-2026-0001.pdf", mimeType: "application/pdf", bytes }] };
    },
  });
  const registry = createRegistry([...app.registry.all, sampleFile]);
  const dispatcher = createDispatcher({
    registry,
    actions: [...buttonActions(), ...actions],
    members: app.members,
    inbox: prismaInbox(app.database),
    services: app.services,
    defaults: { timezone: app.config.CRM_DEFAULT_TIMEZONE, locale: app.config.CRM_DEFAULT_LOCALE, currency: app.config.CRM_DEFAULT_CURRENCY },
    log: app.log,
    // The app's forms, as app.ts wires them: a press or bare command may open a modal.
    forms: createFormEngine({ forms: allForms(), registry, sessions: prismaFormSessions(app.database.prisma) }),
  });

  // While `hold` is set, the door's calls wait for it before they touch the database.
  let hold: Promise<void> | null = null;
  const held = {
    ...dispatcher,
    async handle(...args: Parameters<typeof dispatcher.handle>) {
      await hold;
      return dispatcher.handle(...args);
    },
    async resolve(...args: Parameters<typeof dispatcher.resolve>) {
      await hold;
      return dispatcher.resolve(...args);
    },
  };

  const door = slackDoorFor(app, emulator, held, { socketMode });
  let server: Server | null = null;
  if (!socketMode) server = await serveRoutes(0, door.routes, "127.0.0.1");
  await door.start();
  // As main.ts does: the outbox (driven by the tests with tick()) sends through the door's messenger.
  app.messengers.slack = door.messenger;
  const target = server ? `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` : "";

  const db = app.database.prisma;
  return {
    app,
    emulator,
    door,
    dispatcher,
    target,
    presses,
    /** Holds every command (and caller lookup) before the database until the returned function is called. */
    holdCommands(): () => void {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
    async rows() {
      const [leads, members, workspaces, deliveries] = await Promise.all([
        db.lead.count(),
        db.member.count(),
        db.workspace.count(),
        db.inboundDelivery.count(),
      ]);
      return { leads, members, workspaces, deliveries };
    },
    async close() {
      await door.stop();
      await app.inbox.stop();
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
      await emulator.close();
      await app.close();
    },
  };
}

export type SlackHarness = Awaited<ReturnType<typeof slackHarness>>;

/** The Slack door on the emulator, built as main.ts builds it (HTTP unless `socketMode`). */
export function slackDoorFor(app: App, emulator: SlackEmulator, dispatcher: SlackDoorDeps["dispatcher"] = app.dispatcher, { socketMode = false } = {}): Door {
  return createSlackDoor({
    config: {
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: emulator.signingSecret,
      SLACK_APP_TOKEN: socketMode ? emulator.appToken : undefined,
      SLACK_API_URL: emulator.apiUrl,
      CRM_DEFAULT_LOCALE: "en",
    },
    dispatcher,
    members: app.members,
    workspaces: app.workspaces,
    inbox: app.inbox,
    clock: app.clock,
    log: app.log,
  }) as Door;
}

/** Everything a user could see of a Slack message: its blocks and its notification text. */
export function visible(body: { text?: string; blocks?: unknown[] }): string {
  return `${JSON.stringify(body.blocks ?? [])}\n${body.text ?? ""}`;
}

export type { SlackEmulator };
