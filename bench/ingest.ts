import { BENCH_ENV, ensureBuild, startApp, type Server } from "./support/app-server";
import { Deliveries } from "./support/deliveries";
import { dropRedisKeys, REDIS_URL, redisKeys } from "./support/redis";
import { measure, type LoadResult } from "./support/load";
import { fmt, type Bench, type BenchContext, type Row } from "./support/table";

/**
 * Webhook ingest through `next start`, closed loop (autocannon, 50 connections), beside the empty
 * `POST /api/health` of the same server measured in the same run: the realistic mix of delivery shapes, then
 * deliveries of 100 events. Once with the memory store, once with Redis when the app has a Redis backend.
 */

const BATCH = 100;
const headers = { "x-posthog-secret": BENCH_ENV.POSTHOG_WEBHOOK_SECRET };

const failures = (result: LoadResult) => (result.failures > 0 ? ` (${result.failures} failed)` : "");

async function checkOneDelivery(server: Server, body: string): Promise<void> {
  const response = await fetch(`${server.url}/api/webhooks/posthog`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the webhook refused the bench's delivery: ${response.status} ${text}`);
}

async function ingestRows(server: Server, label: string, context: BenchContext): Promise<Row[]> {
  const deliveries = new Deliveries();
  const seconds = context.seconds;
  const webhook = `${server.url}/api/webhooks/posthog`;
  const health = `${server.url}/api/health`;

  const emptyMix = await measure({ url: health, headers, body: () => deliveries.next(), seconds });
  const mix = await measure({ url: webhook, headers, body: () => deliveries.next(), seconds });
  const emptyBatch = await measure({ url: health, headers, body: () => deliveries.batch(BATCH), seconds });
  const batch = await measure({ url: webhook, headers, body: () => deliveries.batch(BATCH), seconds });

  const ratio = mix.rate / emptyMix.rate;
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
