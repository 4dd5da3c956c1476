/**
 * The reference: `@y/websocket-server` 0.1.1 as its README runs it, on ws 8 from our own
 * dependencies, without persistence (it keeps every document in memory and stores nothing).
 * Started as its own process by bench/collab so its CPU and RSS can be read from /proc.
 */
import http from "node:http";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";

const port = Number(process.env.PORT ?? 1234);
const host = process.env.HOSTNAME ?? "127.0.0.1";

const server = http.createServer((_request, response) => {
  response.writeHead(200, { "content-type": "text/plain" });
  response.end("reference y-websocket server");
});
const wss = new WebSocketServer({ server });
// The document name is the URL path without the leading slash ("collab/driver.<uuid>").
wss.on("connection", (conn, request) => setupWSConnection(conn, request));

server.listen(port, host, () => process.stderr.write(`reference server listening on ${host}:${port}\n`));

const stop = () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
