import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";

/**
 * The ways a network path to a server can fail, as the app sees them:
 * - "reset": every open connection is reset (RST) and new ones are reset as soon as they connect;
 * - "stall": a half-open path: the open connections stop carrying bytes, with no reset, and stay that way
 *   for good (the far side has forgotten them); new connections work;
 * - "blackhole": as "stall", and new connections hang too (accepted, never answered).
 */
export type Outage = "reset" | "stall" | "blackhole";

/**
 * A TCP proxy on 127.0.0.1 between the app and a server (PostgreSQL in the fault tests), that can cut the
 * path in each of the three shapes above and give it back. The app's kernel talks to the proxy, so none
 * of this is visible at the TCP level except what the proxy does on purpose: the app has to notice by its
 * own timeouts, as it would on a real network.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let outage: Outage | null = null;
  const pairs = new Set<{ client: Socket; server: Socket; frozen: boolean }>();
  let connections = 0;

  const freeze = (pair: { client: Socket; server: Socket; frozen: boolean }) => {
    pair.frozen = true;
    pair.client.unpipe();
    pair.server.unpipe();
    // Read and drop whatever arrives, so neither side ever sees a full window or a close from us.
    pair.client.removeAllListeners("data").on("data", () => {});
    pair.server.removeAllListeners("data").on("data", () => {});
  };

  const server = createServer((client) => {
    connections += 1;
    client.on("error", () => {});
    if (outage === "reset") return void client.resetAndDestroy();
    const upstream = createConnection(target);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    const pair = { client, server: upstream, frozen: false };
    pairs.add(pair);
    const forget = () => pairs.delete(pair);
    client.once("close", () => {
      forget();
      if (!pair.frozen) upstream.destroy();
    });
    upstream.once("close", () => {
      if (!pair.frozen) client.destroy();
    });
    if (outage === "blackhole") return freeze(pair);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    /** Connections accepted so far (a reconnect shows up here). */
    get connections() {
      return connections;
    },
    /** Starts an outage of `shape`. */
    cut(shape: Outage) {
      outage = shape;
      for (const pair of pairs) {
        if (shape === "reset") {
          pair.client.resetAndDestroy();
          pair.server.destroy();
          pairs.delete(pair);
        } else if (!pair.frozen) freeze(pair);
      }
    },
    /** Ends the outage: new connections go through again; frozen ones stay frozen (the far side forgot them). */
    heal() {
      outage = null;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;
