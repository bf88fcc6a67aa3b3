import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, isValidSlackRequest, type SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../../log.js";
import { readBody } from "../http-body.js";
import { slackPayloadProblem, type SlackDeliveryKind } from "./slack.payload-shape.js";

/**
 * Guards in front of Bolt, which trusts what Slack sends: a body is read whole under the size limit (413
 * past it) and checked for shape before Bolt parses it. A malformed body that is correctly signed gets a
 * 400; one that is not signed gets the same 401 as any forged request, so strangers learn nothing.
 */
export function guardHttp(
  signingSecret: string,
  log: Logger,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    // Bolt answers anything but a POST itself (a 404); there is no body to guard.
    if (req.method !== "POST") return next(req, res);
    const raw = await readBody(req, res);
    if (!raw) return;
    // Bolt takes a body already read from rawBody instead of reading the stream again.
    const buffered = Object.assign(req, { rawBody: raw });
    const problem = httpBodyProblem(buffered);
    if (!problem) return next(buffered, res);
    if (!signedBySlack(signingSecret, req, raw)) {
      res.writeHead(401).end();
      return;
    }
    log.warn({ problem }, "malformed Slack request refused");
    res.writeHead(400).end();
  };
}

/** Bolt's own parse of the body (so both see the same thing), then our shape check; null when it is fine. */
function httpBodyProblem(req: IncomingMessage & { rawBody: Buffer }): string | null {
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch (error) {
    return `unreadable body: ${error instanceof Error ? error.message : String(error)}`;
  }
  const contentType = req.headers["content-type"];
  const form = contentType === "application/x-www-form-urlencoded";
  // Slack's certificate check carries no command; Bolt answers it itself.
  if (form && isObject(body) && body.ssl_check === "1") return null;
  // By Bolt's rules: a form with one `payload` field is an interactive payload, another form a command, JSON an event.
  const payloads = form ? new URLSearchParams(req.rawBody.toString()).getAll("payload").length : 0;
  const kind: SlackDeliveryKind = !form ? "events_api" : payloads === 1 ? "interactive" : "slash_commands";
  return slackPayloadProblem(kind, body);
}

function signedBySlack(signingSecret: string, req: IncomingMessage, raw: Buffer): boolean {
  const signature = req.headers["x-slack-signature"];
  const timestamp = Number(req.headers["x-slack-request-timestamp"]);
  if (typeof signature !== "string" || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({ signingSecret, body: raw.toString(), headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const SOCKET_KINDS = new Set<string>(["slash_commands", "interactive", "events_api"]);

/**
 * The same guard for Socket Mode. The Socket Mode client reads `payload.event.type` of every events_api
 * envelope without looking, in a handler whose failure nothing catches; so each frame is checked first, and
 * a malformed envelope is acked (Slack would otherwise send it again) and dropped.
 */
export function guardSocketMode(receiver: SocketModeReceiver, log: Logger): void {
  const client = receiver.client;
  const handlers = client.listeners("ws_message") as Array<(data: unknown, isBinary: boolean) => unknown>;
  client.removeAllListeners("ws_message");
  client.on("ws_message", (data: unknown, isBinary: boolean) => {
    if (!isBinary) {
      const problem = socketFrameProblem(data);
      if (problem) {
        log.warn({ problem: problem.text }, "malformed Socket Mode envelope dropped");
        if (problem.envelopeId) {
          // send() is how the client acks (TypeScript calls it private; it is the client's own ack path).
          const ack = (client as unknown as { send(id: string, body: object): Promise<void> }).send(problem.envelopeId, {});
          ack.catch((error: unknown) => log.warn({ err: error }, "could not ack a dropped envelope"));
        }
        return;
      }
    }
    for (const handler of handlers) {
      Promise.resolve(handler.call(client, data, isBinary)).catch((error) => log.error({ err: error }, "Socket Mode frame failed"));
    }
  });
}

/** What is wrong with a Socket Mode frame (and its envelope id, to ack it), or null for one the client may read. */
function socketFrameProblem(data: unknown): { text: string; envelopeId?: string } | null {
  let frame: unknown;
  try {
    frame = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data as Uint8Array));
  } catch {
    return null; // the client ignores frames that are not JSON
  }
  if (!isObject(frame) || typeof frame.type !== "string") return { text: "frame is not an object with a type" };
  if (!SOCKET_KINDS.has(frame.type)) return null; // hello, disconnect and anything new: the client's business
  const envelopeId = typeof frame.envelope_id === "string" ? frame.envelope_id : undefined;
  const problem = slackPayloadProblem(frame.type as SlackDeliveryKind, frame.payload);
  return problem ? { text: problem, ...(envelopeId ? { envelopeId } : {}) } : null;
}
