/**
 * The read path at 1,000 and at 50,000 sessions, with Redis, side by side in one run: a page of 50 from
 * `GET /api/sessions`, an exact search (`?q=<email>`), and the dashboard's first render (signed in), with
 * its HTML size. Sessions are seeded in-process through RedisStore.record (the record script itself,
 * pipelined), not through HTTP: 50,000 webhook calls would measure ingest, not reads.
 */
import type { SessionEvent } from "@/lib/store/activity-store";
import { RedisStore } from "@/lib/store/redis-store";
import { signIn } from "./browser";
import { BENCH_ENV, ensureBuild, startApp, type Server } from "./support/app-server";
import { dropRedisKeys, REDIS_URL, redisKeys } from "./support/redis";
import { fmt, type Bench, type Row } from "./support/table";

const SMALL = 1_000;
const LARGE = 50_000;
const ACTIONS_PER_SESSION = 5;
const API_REQUESTS = 300;
const DASHBOARD_REQUESTS = 40;
const WARMUP = 10;
const SEED_BATCH = 500;

type Timings = { p50: number; p99: number };
type Figures = { page: Timings; search: Timings; dashboard: Timings; html: number };

const email = (i: number) => `reader${i}@example.com`;

function sessionEvents(i: number, start: number): SessionEvent[] {
  const sessionId = `bench-reads-${i}`;
  return Array.from({ length: ACTIONS_PER_SESSION }, (_, n) => {
    const timestamp = start + i * 2 + n * 0.1;
    const eventId = `bench-reads-${i}-${n}`;
    return {
      event_id: eventId,
      session_id: sessionId,
      timestamp,
      user_id: `reader-${i}`,
      email: email(i),
      product_id: "acme-bench",
      current_url: `https://app.example.com/projects/${i}`,
      action: {
        event_id: eventId,
        type: n === 0 ? "pageview" : "click",
        title: n === 0 ? "Page Load: Project" : `Export CSV button`,
        description: n === 0 ? "User landed on the Project page" : "User clicked Export CSV button",
        canonical_url: "https://app.example.com/projects/:id",
        raw_url: `https://app.example.com/projects/${i}`,
        timestamp,
      },
    };
  });
}

async function seed(store: RedisStore, from: number, to: number, start: number): Promise<void> {
  for (let i = from; i < to; i += SEED_BATCH) {
    const events: SessionEvent[] = [];
    for (let k = i; k < Math.min(to, i + SEED_BATCH); k++) events.push(...sessionEvents(k, start));
    await store.record(events);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

/** Sequential requests (one at a time: latency, not throughput), after a warm-up. */
async function time(count: number, request: (n: number) => Promise<number>): Promise<Timings & { bytes: number }> {
  for (let n = 0; n < WARMUP; n++) await request(n);
  const durations: number[] = [];
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    bytes = await request(n);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p99: percentile(durations, 99), bytes };
}

async function get(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return Buffer.byteLength(body);
}

async function measureReads(server: Server, cookie: string, sessions: number): Promise<Figures> {
  const bearer = { authorization: `Bearer ${BENCH_ENV.AUTOPLAY_STREAM_TOKEN}` };
  const first = JSON.parse(await (await fetch(`${server.url}/api/sessions?limit=1`, { headers: bearer })).text());
  if (first.total !== sessions) throw new Error(`expected ${sessions} sessions in the store, the API says ${first.total}`);
  const page = await time(API_REQUESTS, () => get(`${server.url}/api/sessions?limit=50`, bearer));
  // Emails spread over the whole store, most of them far from the first page.
  const search = await time(API_REQUESTS, (n) =>
    get(`${server.url}/api/sessions?q=${encodeURIComponent(email((n * 7919) % sessions).toUpperCase())}`, bearer),
  );
  const dashboard = await time(DASHBOARD_REQUESTS, () => get(`${server.url}/dashboard`, { cookie }));
  return { page, search, dashboard, html: dashboard.bytes };
}

function rows(small: Figures, large: Figures): Row[] {
  const bench = "reads";
  const pair = (t: Timings) => `${fmt.ms(t.p50)} / ${fmt.ms(t.p99)}`;
  const within = (a: Timings, b: Timings) => a.p50 <= 1.5 * b.p50;
  return [
    {
      bench,
      measure: "GET /api/sessions page of 50, p50 / p99, 50k",
      figure: pair(large.page),
      floor: `${pair(small.page)} at 1k`,
      target: "p50 ≤ 50 ms and ≤ 1.5× 1k",
      ok: large.page.p50 <= 50 && within(large.page, small.page),
    },
    {
      bench,
      measure: "exact search ?q=<email>, p50 / p99, 50k",
      figure: pair(large.search),
      floor: `${pair(small.search)} at 1k`,
      target: "p50 ≤ 50 ms and ≤ 1.5× 1k",
      ok: large.search.p50 <= 50 && within(large.search, small.search),
    },
    {
      bench,
      measure: "/dashboard first render, p50 / p99, 50k",
      figure: pair(large.dashboard),
      floor: `${pair(small.dashboard)} at 1k`,
      target: "p50 ≤ 1.5× 1k",
      ok: within(large.dashboard, small.dashboard),
    },
    {
      bench,
      measure: "/dashboard HTML, 50k",
      figure: fmt.kb(large.html),
      floor: `${fmt.kb(small.html)} at 1k`,
      target: "≤ 300 KB",
      ok: large.html <= 300 * 1024,
    },
  ];
}

export const reads: Bench = {
  name: "reads",
  title: "sessions API and dashboard at 1,000 and 50,000 sessions (Redis)",
  async run(context) {
    try {
      await redisKeys("bench-probe:");
    } catch {
      return [{ bench: "reads", measure: "page, search, dashboard", figure: `n/a (no Redis at ${REDIS_URL})` }];
    }
    await ensureBuild(context);
    const prefix = `bench-reads-${process.pid}-${Date.now().toString(36)}:`;
    const store = new RedisStore({
      url: REDIS_URL,
      keyPrefix: prefix,
      maxSessions: 200_000,
      maxActionsPerSession: 500,
      commandTimeoutMs: 30_000,
    });
    const server = await startApp({ REDIS_URL, REDIS_KEY_PREFIX: prefix, STORE_MAX_SESSIONS: "200000" });
    try {
      const start = Date.now() / 1000 - 2 * LARGE;
      const cookie = await signIn(server);
      const base = Date.now();
      await seed(store, 0, SMALL, start);
      process.stderr.write(`  seeded ${SMALL} sessions in ${((Date.now() - base) / 1000).toFixed(1)} s\n`);
      // Signing in opened no session (no posthog-js here), so the store holds exactly what was seeded.
      const small = await measureReads(server, cookie, SMALL);
      const more = Date.now();
      await seed(store, SMALL, LARGE, start);
      process.stderr.write(`  seeded ${LARGE - SMALL} more in ${((Date.now() - more) / 1000).toFixed(1)} s\n`);
      const large = await measureReads(server, cookie, LARGE);
      return rows(small, large);
    } finally {
      await server.stop();
      await store.close();
      await dropRedisKeys(prefix);
    }
  },
};
