import { BENCH_ENV, ensureBuild, startApp, type Server } from "./support/app-server";
import { Deliveries } from "./support/deliveries";
import { loadFor, type LoadOptions, type LoadResult } from "./support/load";
import { groupCpuSeconds } from "./support/process-cpu";
import { dropRedisKeys, REDIS_URL, redisKeys } from "./support/redis";
import { fmt, type Bench, type BenchContext, type Row } from "./support/table";

/**
 * Webhook ingest through `next start`, closed loop (autocannon, 50 connections), beside the empty
 * `POST /api/health` of the same server measured in the same run (both warmed first, then measured in
 * alternating halves): the realistic mix of delivery shapes, then deliveries of 100 events. Beside rate and
 * latency, the server's CPU time per request (support/process-cpu.ts), which needs no profiler. Contention
 * still blurs it (a process that keeps losing its core runs on cold caches), so figures are for a quiet
 * machine. Once with the memory store, once with Redis when the app has a Redis backend.
 */

const BATCH = 100;
const headers = { "x-posthog-secret": BENCH_ENV.POSTHOG_WEBHOOK_SECRET };

const failures = (result: { failures: number }) => (result.failures > 0 ? ` (${result.failures} failed)` : "");

async function checkOneDelivery(server: Server, body: string): Promise<void> {
  const response = await fetch(`${server.url}/api/webhooks/posthog`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the webhook refused the bench's delivery: ${response.status} ${text}`);
}

type Measured = { rate: number; p50: number; p99: number; requests: number; failures: number; cpuPerRequestMs: number };
type Slice = { result: LoadResult; cpuSeconds: number };

async function slice(server: Server, options: LoadOptions, seconds: number): Promise<Slice> {
  const before = groupCpuSeconds(server.pid);
  const result = await loadFor(options, seconds);
  return { result, cpuSeconds: groupCpuSeconds(server.pid) - before };
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Slices of one route merged: rate over their whole time, latency over every answer, CPU over every request. */
function merge(slices: Slice[]): Measured {
  const requests = slices.reduce((sum, { result }) => sum + result.requests, 0);
  const seconds = slices.reduce((sum, { result }) => sum + result.seconds, 0);
  const cpuSeconds = slices.reduce((sum, { cpuSeconds }) => sum + cpuSeconds, 0);
  const times = slices.flatMap(({ result }) => result.responseTimes).sort((a, b) => a - b);
  return {
    rate: requests / seconds,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    requests,
    failures: slices.reduce((sum, { result }) => sum + result.failures, 0),
    cpuPerRequestMs: requests > 0 ? (cpuSeconds * 1000) / requests : NaN,
  };
}

/**
 * Both routes are warmed (JIT, connections, the store's and the delivery log's structures) before either is
 * measured: a comparison where one side runs colder than the other measures the warm-up, not the route. Then
 * they are measured in alternating halves, empty-webhook-webhook-empty, so that a machine whose other load
 * drifts during the run (others' builds on shared cores) weighs on both sides alike.
 */
async function warmThenMeasure(server: Server, empty: LoadOptions, webhook: LoadOptions): Promise<[Measured, Measured]> {
  const warmSeconds = Math.max(2, Math.min(5, Math.round(empty.seconds / 2)));
  await loadFor(webhook, warmSeconds);
  await loadFor(empty, warmSeconds);
  const half = Math.max(1, Math.round(empty.seconds / 2));
  const empty1 = await slice(server, empty, half);
  const webhook1 = await slice(server, webhook, half);
  const webhook2 = await slice(server, webhook, half);
  const empty2 = await slice(server, empty, half);
  return [merge([empty1, empty2]), merge([webhook1, webhook2])];
}

const cpuText = (result: Measured) => `${result.cpuPerRequestMs.toFixed(3)} ms`;

async function ingestRows(server: Server, label: string, context: BenchContext): Promise<Row[]> {
  const deliveries = new Deliveries();
  const seconds = context.seconds;
  const at = (path: string, body: () => string): LoadOptions => ({ url: `${server.url}${path}`, headers, body, seconds });

  const [emptyMix, mix] = await warmThenMeasure(server, at("/api/health", () => deliveries.next()), at("/api/webhooks/posthog", () => deliveries.next()));
  const [emptyBatch, batch] = await warmThenMeasure(
    server,
    at("/api/health", () => deliveries.batch(BATCH)),
    at("/api/webhooks/posthog", () => deliveries.batch(BATCH)),
  );

  const ratio = mix.rate / emptyMix.rate;
  const cpuRatio = mix.cpuPerRequestMs / emptyMix.cpuPerRequestMs;
  const bench = `ingest, ${label}`;
  return [
    {
      bench,
      measure: "deliveries/s, mixed shapes",
      figure: fmt.rate(mix.rate) + failures(mix),
      floor: `${fmt.rate(emptyMix.rate)} empty POST${failures(emptyMix)}`,
      ok: mix.failures === 0 ? null : false,
    },
    { bench, measure: "rate ÷ empty route", figure: fmt.ratio(ratio), target: "≥ 0.85", ok: mix.failures === 0 && ratio >= 0.85 },
    {
      bench,
      measure: "server CPU per delivery",
      figure: `${cpuText(mix)} (${fmt.ratio(cpuRatio)}× the empty route)`,
      floor: `${cpuText(emptyMix)} empty POST`,
    },
    {
      bench,
      measure: "latency p50 / p99",
      figure: `${fmt.ms(mix.p50)} / ${fmt.ms(mix.p99)}`,
      floor: `${fmt.ms(emptyMix.p50)} / ${fmt.ms(emptyMix.p99)}`,
      target: "p99 < 50 ms",
      ok: mix.p99 < 50,
    },
    {
      bench,
      measure: `events/s, ${BATCH}-event deliveries`,
      figure: fmt.rate(batch.rate * BATCH) + failures(batch),
      floor: `${fmt.rate(emptyBatch.rate * BATCH)} (empty POST, same bodies)`,
      target: "≥ 20,000",
      ok: batch.failures === 0 && batch.rate * BATCH >= 20_000,
    },
    {
      bench,
      measure: `server CPU per ${BATCH}-event delivery`,
      figure: `${cpuText(batch)} (${fmt.ratio(batch.cpuPerRequestMs / emptyBatch.cpuPerRequestMs)}× the empty route)`,
      floor: `${cpuText(emptyBatch)} empty POST`,
    },
    {
      bench,
      measure: `latency p50 / p99, ${BATCH}-event`,
      figure: `${fmt.ms(batch.p50)} / ${fmt.ms(batch.p99)}`,
      floor: `${fmt.ms(emptyBatch.p50)} / ${fmt.ms(emptyBatch.p99)}`,
    },
  ];
}

async function redisRows(context: BenchContext): Promise<Row[]> {
  const na = (why: string): Row[] => [{ bench: "ingest, Redis store", measure: "deliveries/s, mixed shapes", figure: `n/a (${why})` }];
  try {
    await redisKeys("bench-probe:");
  } catch {
    return na(`no Redis at ${REDIS_URL}`);
  }
  const prefix = `bench-${process.pid}-${Date.now().toString(36)}:`;
  const server = await startApp({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
  try {
    await checkOneDelivery(server, new Deliveries().body("pageview"));
    if ((await redisKeys(prefix)).length === 0) return na("no Redis backend");
    return await ingestRows(server, "Redis store", context);
  } finally {
    await server.stop();
    await dropRedisKeys(prefix);
  }
}

export const ingest: Bench = {
  name: "ingest",
  title: "webhook ingest through next start",
  async run(context) {
    await ensureBuild(context);
    const server = await startApp();
    let rows: Row[];
    try {
      await checkOneDelivery(server, new Deliveries().body("pageview"));
      rows = await ingestRows(server, "memory store", context);
    } finally {
      await server.stop();
    }
    return [...rows, ...(await redisRows(context))];
  },
};
