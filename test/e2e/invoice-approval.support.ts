import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DurationLike } from "luxon";
import type { App } from "../../src/app.js";
import type { Door, HttpRoute } from "../../src/bots/door.js";
import { serveRoutes } from "../../src/bots/http-server.js";
import { createSlackDoor } from "../../src/bots/slack/slack.door.js";
import { createTelegramDoor } from "../../src/bots/telegram/telegram.door.js";
import { startSlackEmulator, type SlackEmulator, type StoredMessage } from "../emulators/slack-emulator.js";
import type { SlackUser } from "../emulators/slack-payloads.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgMessage, type TgUser } from "../emulators/telegram-emulator.js";
import { testApp } from "../support/app.js";
import { fixedClock } from "../support/fixed-clock.js";
import { unpacedOutbox } from "../support/inbox.js";

/**
 * One Threadline process with both doors, as main.ts runs it: the Slack door (HTTP, Bolt) and the Telegram
 * door (webhook) on one shared HTTP server on a free port, each talking to its emulator, both messengers in
 * app.messengers. The outbox is not started: tests drive it with `tick()` on a fixed clock.
 */

export const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";
const TELEGRAM_WEBHOOK_SECRET = "e2e_invoice-approval";

export const slackUsers = {
  olga: { id: "U0OLGA", name: "olga" },
  anna: { id: "U0ANNA", name: "anna" },
  bob: { id: "U0BOB", name: "bob" },
} satisfies Record<string, SlackUser>;

export const slackChannels = {
  general: { id: "C0GENERAL", name: "general" },
  approvals: { id: "C0APPROVALS", name: "approvals" },
};
export type SlackChannel = { id: string; name: string };

/** A user's DM with the bot, as a slash command from there names its channel. */
export const dmWith = (user: SlackUser): SlackChannel => ({ id: `D${user.id.slice(1)}`, name: "directmessage" });

/** The DM channel the emulator files a post to a user id under (chat.postMessage to U… lands in D…). */
export const dmOf = (user: SlackUser) => `D${user.id.slice(1)}`;

/** Text as read, with Intl's no-break spaces ("9:01\u202fAM") as plain spaces, so expectations can be typed. */
export const plain = (text: string | undefined) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

/** What a Slack reader sees of a message or a response_url post: its notification text (the whole reply as plain text). */
export const slackText = (message: { text?: string }) =>
  plain(message.text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

type SlackButton = { action_id: string; value: string; text: { text: string } };

/** The buttons of a Block Kit message, in order. */
export function slackButtons(message: { blocks?: any[] }): SlackButton[] {
  return (message.blocks ?? []).filter((block) => block.type === "actions").flatMap((block) => block.elements as SlackButton[]);
}

/** The labels of a Telegram message's inline keyboard. */
export const telegramButtons = (message: TgMessage | undefined) =>
  (message?.reply_markup?.inline_keyboard.flat() ?? []).map((button) => button.text);

/** `slackBotChannels`: the Slack channels the bot was invited to (default: all of them). */
export async function bothDoors(start = "2026-11-25T09:00:00Z", { slackBotChannels }: { slackBotChannels?: string[] } = {}) {
  const clock = fixedClock(start);
  // Unpaced: the outbox sends when a test ticks it, and a fixed clock never reaches a chat's next turn.
  const app: App = await testApp({ clock, outbox: unpacedOutbox });
  const slack: SlackEmulator = await startSlackEmulator({
    users: Object.fromEntries(Object.values(slackUsers).map((user) => [user.id, { name: user.name, tz: "UTC" }])),
    ...(slackBotChannels ? { botChannels: slackBotChannels } : {}),
  });
  // Flood limits off: these tests are about what people see, and send several replies into one group quickly.
  const tg: TelegramEmulator = await startTelegramEmulator({ limits: false });

  const slackDoor = createSlackDoor({
    config: {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: slack.apiUrl,
      CRM_DEFAULT_LOCALE: "en",
    },
    dispatcher: app.dispatcher,
    members: app.members,
    workspaces: app.workspaces,
    inbox: app.inbox,
    clock,
    log: app.log,
  }) as Door;

  // The webhook URL needs the server's port, so the Telegram route is in place before its door exists.
  let telegramRoute: HttpRoute | undefined;
  const server: Server = await serveRoutes(
    0,
    [...slackDoor.routes, { path: TELEGRAM_WEBHOOK_PATH, handler: (req, res) => telegramRoute!.handler(req, res) }],
    "127.0.0.1",
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const telegramDoor = createTelegramDoor({
    config: {
      ...app.config,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: `${base}${TELEGRAM_WEBHOOK_PATH}`,
      TELEGRAM_WEBHOOK_SECRET,
    },
    dispatcher: app.dispatcher,
    members: app.members,
    chats: app.chats,
    registry: app.registry,
    inbox: app.inbox,
    clock,
    log: app.log,
  }) as Door;
  telegramRoute = telegramDoor.routes[0];

  for (const door of [slackDoor, telegramDoor]) {
    await door.start();
    app.messengers[door.name] = door.messenger;
  }
  const slackTarget = `${base}/slack/events`;

  /** A slash command typed in Slack; resolves with the reply posted to its response_url. */
  async function slackSays(user: SlackUser, channel: SlackChannel, line: string) {
    const [command, ...rest] = line.split(" ");
    const sent = await slack.sendCommand(slackTarget, { command: command!, text: rest.join(" "), user, channel });
    if (sent.status !== 200) throw new Error(`Slack command answered HTTP ${sent.status}`);
    const response = await slack.nextResponse(0, sent.responseUrl);
    return { ...response.body, responseUrl: sent.responseUrl } as {
      response_type?: string;
      text?: string;
      blocks?: any[];
      replace_original?: boolean;
      responseUrl: string;
    };
  }

  /** A press of the button labelled `label` on a message in Slack; resolves with what the app posted back. */
  async function slackPress(user: SlackUser, channel: { id: string; name: string }, message: StoredMessage, label: string) {
    const button = slackButtons(message).find((candidate) => candidate.text.text === label);
    if (!button) throw new Error(`no "${label}" button on Slack message ${message.ts}`);
    const payload = slack.buttonPayload({ value: button.value, actionId: button.action_id, user, channel, message });
    const sent = await slack.sendInteraction(slackTarget, payload);
    if (sent.status !== 200) throw new Error(`Slack interaction answered HTTP ${sent.status}`);
    const response = await slack.nextResponse(0, sent.responseUrl);
    return response.body as { response_type?: string; replace_original?: boolean; text?: string; blocks?: any[] };
  }

  /**
   * The work of what the doors accepted, then one outbox round at the same moment: Telegram replies are
   * outbox rows, and the outbox is not running here.
   */
  async function answered() {
    await app.inbox.idle();
    await app.outbox.tick();
  }

  /** A message typed in a Telegram chat; resolves once it is answered, with the bot's last message there. */
  async function telegramSays(chat: TgChat, from: TgUser, text: string) {
    await tg.userSays(chat, from, text).settled;
    await answered();
    return tg.botMessages(chat).at(-1);
  }

  /** Presses the button labelled `label` on a bot message; resolves once handled, with the answer to the press. */
  function telegramPress(chat: TgChat, from: TgUser, message: TgMessage, label: string) {
    const button = message.reply_markup?.inline_keyboard.flat().find((candidate) => candidate.text === label);
    if (!button?.callback_data) throw new Error(`no "${label}" button on Telegram message ${message.message_id}`);
    const press = tg.press(chat, from, message.message_id, button.callback_data);
    const queryId = press.update.callback_query!.id;
    return {
      settled: press.settled.then(answered).then(() => tg.callbackAnswer(queryId) as { text?: string; show_alert?: boolean } | undefined),
    };
  }

  /**
   * Time passes, then one outbox round. The outbox paces each chat (a second message into one chat waits
   * its turn on the clock), so on a fixed clock every round starts a little later than the last one.
   */
  async function tick(by: DurationLike = { minutes: 1 }) {
    clock.advance(by);
    return app.outbox.tick();
  }

  /** Moves the clock to `iso` (forward only) and runs one outbox round there. */
  async function tickAt(iso: string) {
    clock.set(iso);
    return app.outbox.tick();
  }

  return {
    app,
    clock,
    slack,
    tg,
    slackSays,
    slackPress,
    telegramSays,
    telegramPress,
    tick,
    tickAt,
    async close() {
      await app.outbox.stop();
      await telegramDoor.stop();
      await slackDoor.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await tg.close();
      await slack.close();
      await app.close();
    },
  };
}

export type BothDoors = Awaited<ReturnType<typeof bothDoors>>;

/**
 * The team used by both tests, in one workspace across both platforms:
 * - Slack team "acme": Olga (owner, first to use the bot), Anna (makes invoices), Bob (a plain member).
 * - Telegram: Bob links his Telegram account to his Slack one (/crm link in both private chats); Olga gets a
 *   join code in her Slack DM (/crm join) and Bob, first to speak in the new "Acme finance" group (so its
 *   admin), joins the group to the workspace with it. Carol, who is only on Telegram, joins the workspace
 *   by talking to the bot in that group; Olga makes her an approver.
 * The approval policy: 1000 USD and above needs an approver, four-eyes on.
 */
export async function acmeTeam(world: BothDoors, { carolRole = "approver" }: { carolRole?: "approver" | "admin" } = {}) {
  const { slackSays, telegramSays, tg } = world;
  const { olga, anna, bob } = slackUsers;
  const { general } = slackChannels;

  const threshold = slackText(await slackSays(olga, general, "/crm settings approval 1000 USD"));
  const fourEyes = slackText(await slackSays(olga, general, "/crm settings four-eyes on"));
  await slackSays(anna, general, "/invoice list");
  await slackSays(bob, general, "/invoice list");

  const issued = await slackSays(bob, dmWith(bob), "/crm link");
  const code = /Your link code: ([A-Z0-9]{8})/.exec(slackText(issued))?.[1];
  if (!code) throw new Error(`no link code in ${slackText(issued)}`);
  const joinIssued = slackText(await slackSays(olga, dmWith(olga), "/crm join"));
  const joinCode = /Join code for acme: ([A-Z0-9]{8})/.exec(joinIssued)?.[1];
  if (!joinCode) throw new Error(`no join code in ${joinIssued}`);

  const financeGroup = tg.group("Acme finance");
  const bobTg = tg.user({ first_name: "Bob", username: "bob_acme" });
  const bobDm = tg.privateChat(bobTg);
  const carol = tg.user({ first_name: "Carol", username: "carol" });
  // Carol has pressed Start in her chat with the bot, so the bot may write to her there.
  const carolDm = tg.privateChat(carol);
  const linked = (await telegramSays(bobDm, bobTg, `/crm link ${code}`))?.text ?? "";
  const joined = (await telegramSays(financeGroup, bobTg, `/crm join ${joinCode}`))?.text ?? "";
  const carolJoined = (await telegramSays(financeGroup, carol, "/invoice list"))?.text ?? "";

  const carolMadeApprover = slackText(await slackSays(olga, general, `/crm role @carol ${carolRole}`));
  const annaMadeApprover = slackText(await slackSays(olga, general, "/crm role @anna approver"));

  return {
    financeGroup,
    bobTg,
    carol,
    carolDm,
    said: { threshold, fourEyes, issued: slackText(issued), issuedPrivately: issued.response_type === "ephemeral", linked, joined, carolJoined, carolMadeApprover, annaMadeApprover },
  };
}
