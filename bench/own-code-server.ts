/**
 * A bare node:http server for the own-code ceiling, started by own-code.ts as
 * `node --import tsx bench/own-code-server.ts <pipeline|json> <port>`.
 *
 * - `pipeline`: the app's webhook pipeline exactly as the route runs it, `handleDelivery` with a MemoryStore
 *   (secret, body, JSON, shape, validation, normalisation, store, delivery log). The IncomingMessage becomes a
 *   web Request the cheap way: the body is read into one Buffer and handed to `new Request` with the raw
 *   headers, rather than streamed through `Readable.toWeb` as a framework adapter does.
 * - `json`: reads the body and JSON.parses it, nothing else: the floor any JSON webhook pays.
 */
import http from "node:http";
import { MemoryStore } from "@/lib/store/memory-store";
import { handleDelivery, type DeliveryDeps } from "@/lib/webhook/handle-delivery";

const [mode, portText] = process.argv.slice(2);
const port = Number(portText);
if ((mode !== "pipeline" && mode !== "json") || !Number.isInteger(port)) {
  console.error("usage: own-code-server.ts <pipeline|json> <port>");
  process.exit(2);
}

const deps: DeliveryDeps = {
  store: new MemoryStore({ maxSessions: 10_000, maxActionsPerSession: 500 }),
  secrets: [process.env.BENCH_WEBHOOK_SECRET ?? "bench-webhook-secret-0123456789"],
  maxBodyBytes: 1024 * 1024,
  productId: "acme-bench",
};

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

async function pipeline(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const body = await readBody(request);
  const headers = new Headers();
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const webRequest = new Request(`http://127.0.0.1:${port}${request.url}`, {
    method: request.method,
    headers,
    body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
  });
  const answer = await handleDelivery(webRequest, deps);
  const text = await answer.text();
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(text);
}

async function json(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const body = await readBody(request);
  JSON.parse(body.toString("utf8"));
  response.writeHead(200, { "content-type": "application/json" });
  response.end('{"ok":true}');
}

const handler = mode === "pipeline" ? pipeline : json;
http
  .createServer((request, response) => {
    if (request.url === "/health") {
      response.end("ok");
      return;
    }
    handler(request, response).catch((error) => {
      console.error(error);
      response.writeHead(500).end();
    });
  })
  .listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));

// Exit normally on SIGTERM, so that `--cpu-prof` (BENCH_NODE_OPTIONS) gets to write its profile.
process.on("SIGTERM", () => process.exit(0));
