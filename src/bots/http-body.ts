import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The most a chat platform's delivery may carry. Telegram updates and Slack commands and button payloads are
 * a few kilobytes; 1 MB is generous for both, and keeps a stranger from making the process read 100 MB.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** How long a refused body may keep streaming in (discarded) before its connection is cut. */
const DRAIN_LIMIT_MS = 2_000;

/**
 * Reads a request body whole, as bytes (decoded later in one piece, so a character split across two TCP
 * writes stays one character), or answers 413 and resolves null when it is larger than `limit`. A refused
 * body is read on into nothing for a moment so the sender sees the 413 rather than a reset, then cut off.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    function refuse() {
      req.removeListener("data", onData);
      req.removeListener("end", onEnd);
      // No "connection: close": that would cut the connection while the sender is still writing, and it
      // would see a broken pipe instead of the answer.
      if (!res.headersSent) res.writeHead(413).end();
      req.resume();
      setTimeout(() => req.destroy(), DRAIN_LIMIT_MS).unref();
      resolve(null);
    }
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size > limit) return refuse();
      chunks.push(chunk);
    }
    function onEnd() {
      resolve(Buffer.concat(chunks, size));
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return refuse();
    req.on("data", onData);
    req.on("end", onEnd);
    // A sender that goes away mid-body: nothing to answer, nothing to handle.
    req.on("error", () => resolve(null));
    req.on("aborted", () => resolve(null));
  });
}
