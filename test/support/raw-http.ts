import { connect } from "node:net";

/**
 * POSTs `body` to `url` on a raw TCP socket in two writes, split at byte `cut` with a pause between, so the
 * server reads the body as two chunks (for a character split between them). Resolves with the status code.
 */
export function sendInTwoWrites(url: URL, body: Buffer, cut: number, headers: Record<string, string>, pauseMs = 100): Promise<number> {
  return new Promise((resolve, reject) => {
    const head = [
      `POST ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      `Content-Length: ${body.length}`,
      "Connection: close",
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      "",
      "",
    ].join("\r\n");
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.setNoDelay(true);
      socket.write(Buffer.concat([Buffer.from(head), body.subarray(0, cut)]));
      setTimeout(() => socket.write(body.subarray(cut)), pauseMs);
    });
    let answer = "";
    socket.on("data", (data) => (answer += data.toString()));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on("error", reject);
  });
}
