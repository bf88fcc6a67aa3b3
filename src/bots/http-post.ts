import http from "node:http";
import https from "node:https";

/**
 * Connections kept open between posts: a busy workspace answers many commands through the same host (Slack's
 * hooks.slack.com), and a new TLS connection per answer costs more than the answer.
 */
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 50 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 50 }) };

/** The most of an answer's body that is read: only its status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs JSON and resolves with the HTTP status, or rejects past `timeoutMs` (connect, send and answer
 * together). Node's `http` rather than `fetch`: on a `/lead add` under load, `fetch` (undici and its web
 * streams) cost about 2 ms of CPU per post, more than the command's SQL (issue 12's profile).
 */
export function postJson(url: string, body: unknown, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(new Error(`cannot post to ${target.protocol} addresses`));
    const payload = Buffer.from(JSON.stringify(body));
    const request = (target.protocol === "https:" ? https : http).request(target, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": payload.length },
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer from ${target.host} in ${timeoutMs} ms`)), timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on("response", (response) => {
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      response.on("error", () => {});
      // The status is known now; the body is read to its end so the connection can be used again.
      response.on("close", () => {
        clearTimeout(timer);
        resolve(response.statusCode ?? 0);
      });
    });
    request.end(payload);
  });
}
