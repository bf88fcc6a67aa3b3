import type { IncomingMessage, ServerResponse } from "node:http";
import type { Messenger } from "./messenger.js";

export type HttpRoute = {
  /** Exact path, e.g. "/slack/events" or the path of TELEGRAM_WEBHOOK_URL. */
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
};

/**
 * A chat platform's door. Doors that receive over HTTP hand their routes to the one shared server (so Slack
 * and a Telegram webhook can share PORT); doors that connect out (Socket Mode, long polling) do it in start().
 */
export type Door = {
  name: "slack" | "telegram" | "bale";
  routes: HttpRoute[];
  /** Called after the HTTP server listens. Resolves once the door is receiving. */
  start(): Promise<void>;
  /** Stops receiving and lets in-flight handlers finish. */
  stop(): Promise<void>;
  /** Outbound messages to this platform (reminders, approvals). */
  messenger: Messenger;
};
