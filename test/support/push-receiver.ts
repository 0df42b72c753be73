import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { freePort } from "./free-port";

export type Received = { deliveryId: string; body: Record<string, any>; signatureValid: boolean; answered: number };

/**
 * A customer's push endpoint, checking `X-Connector-Signature` exactly as Autoplay's SDK `WebhookReceiver`
 * does (CONTRACT §4): `sha256=` prefix, hex HMAC-SHA256 of the raw body bytes, constant-time compare, 401 on a
 * mismatch. `answer` picks each request's status (e.g. 503 twice, then 200); `stall` holds a request open.
 */
export async function startPushReceiver(
  secret: string,
  answer: (request: { n: number; deliveryId: string }) => number | "stall" = () => 200,
) {
  const received: Received[] = [];
  const stalled: http.ServerResponse[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const header = req.headers["x-connector-signature"];
      const expected = createHmac("sha256", secret).update(raw).digest("hex");
      const given = typeof header === "string" && header.startsWith("sha256=") ? header.slice("sha256=".length) : "";
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      const deliveryId = String(req.headers["x-autoplay-delivery-id"] ?? "");
      const status = signatureValid ? answer({ n: n++, deliveryId }) : 401;
      received.push({ deliveryId, body: JSON.parse(raw.toString("utf8")), signatureValid, answered: status === "stall" ? 0 : status });
      if (status === "stall") {
        stalled.push(res);
        return;
      }
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ status: status === 200 ? "ok" : "error" }));
    });
  });
  const port = await freePort(3241);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    /** What the receiver accepted (answered 2xx), in arrival order. */
    accepted: () => received.filter((r) => r.answered >= 200 && r.answered < 300),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
