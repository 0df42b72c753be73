import http from "node:http";
import { BENCH_ENV, ensureBuild, startApp, type Server } from "./support/app-server";
import { Deliveries, type Kind } from "./support/deliveries";
import { connectSse } from "./support/sse-client";
import { fmt, type Bench, type Row } from "./support/table";

/**
 * End-to-end latency: webhook POST → the action's frame on an agent SSE stream (`GET /api/stream`, bearer
 * token), open loop: deliveries leave on a fixed schedule whatever the server's pace, and latency counts from
 * the scheduled send time, so a server that falls behind cannot hide it (no coordinated omission). The floor:
 * the round trip of the empty `POST /api/health` at the same schedule. The sender and the SSE reader share
 * one process, so their own event-loop delays are in the figures too.
 */

const RATES = [200, 500];
const KINDS: Kind[] = ["pageview", "click", "pageview", "click", "flat"];
const headers = { "content-type": "application/json", "x-posthog-secret": BENCH_ENV.POSTHOG_WEBHOOK_SECRET };

type Outcome = { p50: number; p99: number; sent: number; received: number; failed: number; rate: number };

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Sends `rate` requests a second for `seconds`, each on its schedule, calling `fire(i, scheduledAt)`. */
function openLoop(rate: number, seconds: number, fire: (i: number, at: number) => void): Promise<number> {
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  let i = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (i < due) {
        fire(i, t0 + (i * 1000) / rate);
        i++;
      }
      if (i >= total) resolve((total / (performance.now() - t0)) * 1000);
      else setTimeout(tick, 1);
    };
    tick();
  });
}

function post(agent: http.Agent, server: Server, path: string, body: string, done: (status: number) => void): void {
  const request = http.request(
    { agent, host: "127.0.0.1", port: server.port, path, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } },
    (response) => {
      response.resume();
      response.on("end", () => done(response.statusCode ?? 0));
    },
  );
  request.on("error", () => done(0));
  request.end(body);
}

async function settle(isDone: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!isDone() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Round trips of the empty route at the same schedule. */
async function emptyRoute(server: Server, agent: http.Agent, rate: number, seconds: number): Promise<Outcome> {
  const deliveries = new Deliveries();
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const achieved = await openLoop(rate, seconds, (i, at) => {
    sent++;
    post(agent, server, "/api/health", deliveries.body(KINDS[i % KINDS.length]!), (status) => {
      if (status === 200) latencies.push(performance.now() - at);
      else failed++;
    });
  });
  await settle(() => latencies.length + failed >= sent, 10_000);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), sent, received: latencies.length, failed, rate: achieved };
}

/** Webhook POST → the action's frame on the agent stream. Each event has its own timestamp: the match key. */
async function webhookToSse(server: Server, agent: http.Agent, rate: number, seconds: number): Promise<Outcome> {
  const deliveries = new Deliveries(500);
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  let failed = 0;
  const stream = await connectSse(`${server.url}/api/stream`, { authorization: `Bearer ${BENCH_ENV.AUTOPLAY_STREAM_TOKEN}` }, (payload, at) => {
    for (const action of payload.actions ?? []) {
      const key = Number(action.timestamp_start).toFixed(3);
      const sentAt = pending.get(key);
      if (sentAt === undefined) continue;
      pending.delete(key);
      latencies.push(at - sentAt);
    }
  });
  let sent = 0;
  try {
    const achieved = await openLoop(rate, seconds, (i, at) => {
      const body = deliveries.body(KINDS[i % KINDS.length]!);
      pending.set(deliveries.lastTimestamp().toFixed(3), at);
      sent++;
      post(agent, server, "/api/webhooks/posthog", body, (status) => {
        if (status !== 200) failed++;
      });
    });
    await settle(() => latencies.length + failed >= sent, 10_000);
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), sent, received: latencies.length, failed, rate: achieved };
  } finally {
    stream.close();
  }
}

export const e2eLatency: Bench = {
  name: "e2e-latency",
  title: "webhook POST → frame on the agent SSE stream, open loop",
  async run(context) {
    await ensureBuild(context);
    const server = await startApp();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    try {
      // Warm-up: JIT and connections; thrown away.
      await webhookToSse(server, agent, 200, Math.min(3, context.seconds));
      await emptyRoute(server, agent, 200, Math.min(2, context.seconds));
      const rows: Row[] = [];
      for (const rate of RATES) {
        const floor = await emptyRoute(server, agent, rate, context.seconds);
        const result = await webhookToSse(server, agent, rate, context.seconds);
        const lost = result.sent - result.received;
        const complete = lost === 0 && result.failed === 0;
        rows.push({
          bench: "webhook → SSE",
          measure: `p50 / p99 at ${rate}/s (sent ${fmt.rate(result.rate)}/s)`,
          figure: `${fmt.ms(result.p50)} / ${fmt.ms(result.p99)}${complete ? "" : ` (${lost} frames missing, ${result.failed} failed)`}`,
          floor: `${fmt.ms(floor.p50)} / ${fmt.ms(floor.p99)} empty POST round trip`,
          target: rate === 500 ? "p99 < 50 ms" : undefined,
          ok: rate === 500 ? complete && result.p99 < 50 : complete ? null : false,
        });
      }
      return rows;
    } finally {
      agent.destroy();
      await server.stop();
    }
  },
};
