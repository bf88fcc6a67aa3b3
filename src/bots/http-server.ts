import { createServer, type Server } from "node:http";
import type { HttpRoute } from "./door.js";

/** One HTTP server for every door that receives over HTTP, routing by exact path; anything else is a 404. */
export async function serveRoutes(port: number, routes: HttpRoute[], host = "0.0.0.0"): Promise<Server> {
  const byPath = new Map(routes.map((route) => [route.path, route.handler]));
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const handler = byPath.get(path);
    if (handler) return handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
