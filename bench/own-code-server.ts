/**
 * A bare node:http server for the own-code ceiling, started by own-code.ts as
 * `node --import tsx bench/own-code-server.ts <pipeline|json> <port>`.
 *
 * - `pipeline`: the app's webhook pipeline, `processDelivery` with a MemoryStore (secret, body, JSON, shape,
 *   validation, normalisation, store, delivery log): what `handleDelivery` runs for the route, minus the web
 *   Request/Response wrapping, which is the framework's cost. Node's request is handed over as a thin view:
 *   its headers, its URL and its body read into one Buffer.
 * - `json`: reads the body and JSON.parses it, nothing else: the floor any JSON webhook pays.
 */
import http from "node:http";
import { MemoryStore } from "@/lib/store/memory-store";
import { decodeUtf8, tooLarge } from "@/lib/http/read-body";
import { processDelivery, type DeliveryDeps } from "@/lib/webhook/handle-delivery";
import { DEFAULT_SECRET_URL_PARAMS } from "@/lib/privacy/redact-url-secrets";

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
  secretUrlParams: DEFAULT_SECRET_URL_PARAMS,
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
  const get = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  const answer = await processDelivery(
    {
      headers: {
        get,
        forEach: (callback) => {
          for (const name of Object.keys(request.headers)) callback(get(name)!, name, undefined as never);
        },
      },
      url: `http://127.0.0.1:${port}${request.url}`,
      readText: async (limit) => {
        if (body.byteLength > limit) throw tooLarge(limit);
        return decodeUtf8(body);
      },
    },
    deps,
  );
  response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
  response.end(JSON.stringify(answer.body));
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
