import { App, HTTPReceiver, SocketModeReceiver, webApi, type Authorize } from "@slack/bolt";
import { createSlackMessenger } from "./slack.messenger.js";
import type { Config } from "../../config.js";
import type { MemberRepo } from "../../domain/members/member.repo.js";
import type { WorkspaceRepo } from "../../domain/members/workspace.repo.js";
import type { Logger } from "../../log.js";
import type { Clock } from "../../domain/shared/clock.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { Door } from "../door.js";
import type { InboxWorker } from "../inbox/inbox.worker.js";
import { translator } from "../render/i18n.js";
import { guardHttp, guardSocketMode } from "./slack.guard.js";
import { slackHome } from "./slack.home.js";
import { registerFormListeners } from "./slack.forms.js";
import { slackInboxHandler } from "./slack.inbox.js";
import { deliveryRecorder, registerListeners } from "./slack.listeners.js";
import { boltLogger } from "./slack.logger.js";

export type SlackDoorDeps = {
  config: Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_SIGNING_SECRET" | "SLACK_APP_TOKEN" | "SLACK_API_URL" | "CRM_DEFAULT_LOCALE">;
  dispatcher: Pick<Dispatcher, "handle" | "press" | "resolve" | "contextFor" | "formView" | "checkForm" | "submitForm" | "capture">;
  members: Pick<MemberRepo, "findByIdentity" | "memberships">;
  /** Where a member's Slack profile time zone is stored on first contact; without it, zones are not learned. */
  workspaces?: Pick<WorkspaceRepo, "setMemberTimezone" | "setMemberLocale"> | undefined;
  /** Every command and press is recorded here before it is acknowledged, and worked off from here. */
  inbox: Pick<InboxWorker, "accept" | "register" | "answered" | "answerLater" | "wakeOutbox">;
  clock: Clock;
  log: Logger;
};

export const SLACK_EVENTS_PATH = "/slack/events";

// A Web API call that hangs is given up after this long (and an outbox send then counts as "uncertain").
const API_TIMEOUT_MS = 10_000;
const STOP_WAIT_MS = 5_000;

/**
 * The Slack door: a Bolt app over HTTP (served at /slack/events by the shared server, signatures checked by
 * Bolt) or, when SLACK_APP_TOKEN is set, over Socket Mode. Null when no SLACK_BOT_TOKEN is configured.
 */
export function createSlackDoor({ config, dispatcher, members, workspaces, inbox, clock, log }: SlackDoorDeps): Door | null {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return null;
  const logger = boltLogger(log);
  // Retries off: the SDK's default waits up to 30 minutes, and Socket Mode would write 100 retries into
  // these options if none were set (platform-facts A10). The outbox retries on its own schedule.
  const clientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: API_TIMEOUT_MS,
    logger,
  };
  const client = new webApi.WebClient(token, clientOptions);

  // Our own authorize instead of Bolt's token option: Bolt would call auth.test in the constructor and keep
  // a failed answer forever (and reject it unhandled); this one asks once and asks again after a failure.
  let identity: Promise<{ botId?: string; botUserId?: string }> | null = null;
  const whoAmI = () =>
    (identity ??= client.auth.test().then(
      (me) => ({ botId: me.bot_id, botUserId: me.user_id }),
      (error) => {
        identity = null;
        throw error;
      },
    ));
  const authorize: Authorize<boolean> = async () => ({ botToken: token, ...(await whoAmI()) });

  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const receiver = socketMode
    ? null
    : new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET!, endpoints: SLACK_EVENTS_PATH, logger });
  // Built here rather than by App (which would pass it the same clientOptions), so its frames can be guarded.
  const socketReceiver = socketMode
    ? new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN!, logger, installerOptions: { clientOptions } })
    : null;
  if (socketReceiver) guardSocketMode(socketReceiver, log);
  const app = new App({ authorize, receiver: (receiver ?? socketReceiver)!, clientOptions, logger });
  app.error(async (error) => {
    log.error({ err: error }, "Slack listener failed");
  });

  const guardedRequest = guardHttp(config.SLACK_SIGNING_SECRET ?? "", log, (req, res) => {
    try {
      receiver!.requestListener(req, res);
    } catch {
      // Bolt throws for anything it does not serve here (a GET): not found, as for any other path.
      res.writeHead(404).end();
    }
  });

  const t = translator(config.CRM_DEFAULT_LOCALE);
  const home = slackHome({ dispatcher, members, client, log, defaultLocale: config.CRM_DEFAULT_LOCALE });
  inbox.register("slack", slackInboxHandler({ dispatcher, members, workspaces, inbox, client, clock, log, t, home }));
  registerListeners(app, { inbox, log, t });
  home.register(app);
  registerFormListeners(app, { dispatcher, client, log, t, record: deliveryRecorder({ inbox, log }) });
  // Closed before start() and from stop() on: a request then gets a 503 and is never recorded half-way.
  let receiving = false;
  /** Requests let in and not yet answered: stop() waits for them, so none is recorded after the inbox closed. */
  const open = new Set<Promise<void>>();

  return {
    name: "slack",
    routes: receiver
      ? [
          {
            path: SLACK_EVENTS_PATH,
            handler(req, res) {
              if (!receiving) {
                res.writeHead(503, { "retry-after": "5" }).end();
                return;
              }
              const answered = new Promise<void>((resolve) => res.once("close", () => resolve()));
              open.add(answered);
              void answered.then(() => open.delete(answered));
              void guardedRequest(req, res);
            },
          },
        ]
      : [],
    async start() {
      try {
        await whoAmI();
      } catch (error) {
        if (error instanceof webApi.WebAPIPlatformError) {
          throw new Error(`Slack refused SLACK_BOT_TOKEN: ${error.data.error}`);
        }
        // Slack unreachable right now: the first event will ask again.
        log.warn({ err: error }, "could not reach Slack to check the bot token");
      }
      receiving = true;
      if (socketMode) await app.start();
      log.info({ mode: socketMode ? "socket" : "http" }, "Slack door receiving");
    },
    /** Closes the door: what was acknowledged is in the inbox, which finishes it (or the next start does). */
    async stop() {
      receiving = false;
      if (socketMode) await app.stop();
      // Each is an insert and an ack (Bolt gives up on an unacknowledged request after 3 s).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...open]), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
      clearTimeout(timer);
    },
    messenger: createSlackMessenger(client),
  };
}
