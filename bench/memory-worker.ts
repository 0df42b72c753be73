/**
 * Run by memory.ts as `node --expose-gc --import tsx bench/memory-worker.ts <sessions> <actions>`; prints one
 * `REPORT {json}` line. Each event takes the webhook's own path short of HTTP: a delivery body rendered from
 * the fixtures (default pageview or click, unique uuid, per-session URL), JSON.parse, the body schema, the
 * normaliser, `store.record`. So actions are built, and their strings shaped, exactly as in the app.
 */
import { normalizeEvent } from "@/lib/posthog/normalize-event";
import { DefaultBodySchema, fromDefaultBody } from "@/lib/posthog/webhook-body";
import type { SessionEvent } from "@/lib/store/activity-store";
import { MemoryStore } from "@/lib/store/memory-store";
import { Deliveries } from "./support/deliveries";
import type { MemoryReport, Sample } from "./memory";

const sessions = Number(process.argv[2]);
const actions = Number(process.argv[3]);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !(sessions > 0) || !(actions > 0)) {
  console.error("usage: node --expose-gc --import tsx bench/memory-worker.ts <sessions> <actions>");
  process.exit(2);
}

const sample = async (): Promise<Sample> => {
  gc();
  // V8 gives memory back to the OS on a timer after a full gc: let it, so RSS is what the process keeps.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  gc();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  return { rss, heap: heapUsed, heapTotal };
};

const deliveries = new Deliveries(Number.MAX_SAFE_INTEGER);

function event(session: number, n: number): SessionEvent {
  const body = DefaultBodySchema.parse(JSON.parse(deliveries.body(n % 2 === 0 ? "pageview" : "click", session)));
  const normalized = normalizeEvent(fromDefaultBody(body)[0]!, "acme-bench");
  if (normalized.kind !== "session") throw new Error("a fixture event did not normalise to a session event");
  return normalized.event;
}

/** Offers `count` events to each session in [from, to), round by round, as interleaved traffic arrives. */
async function offer(store: MemoryStore, from: number, to: number, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const batch: SessionEvent[] = [];
    for (let s = from; s < to; s++) {
      batch.push(event(s, n));
      if (batch.length === 1_000) await store.record(batch.splice(0));
    }
    if (batch.length > 0) await store.record(batch);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const store = new MemoryStore({ maxSessions: sessions, maxActionsPerSession: actions });
  event(0, 0); // every module loaded and warm before the floor is taken
  const floor = await sample();

  await offer(store, 0, sessions, actions);
  const filled = await sample();
  // Twice the sessions: as many new ones again, so the least recently active half is evicted.
  await offer(store, sessions, 2 * sessions, actions);
  const afterSessions = await sample();
  // Twice the actions: the kept sessions are offered as many again, so their oldest half is evicted.
  await offer(store, sessions, 2 * sessions, actions);
  const afterActions = await sample();

  // The store is read last, which also keeps it alive (and measured) through every sample above.
  const listed = (await store.listSessions({ limit: 2 * sessions })).sessions;
  let maxActions = 0;
  let minActions = Infinity;
  for (const summary of listed) {
    const length = (await store.getSession(summary.session_id))?.actions.length ?? 0;
    maxActions = Math.max(maxActions, length);
    minActions = Math.min(minActions, length);
  }
  const report: MemoryReport = {
    floor,
    filled,
    afterSessions,
    afterActions,
    sessions: listed.length,
    maxActions,
    minActions,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(`REPORT ${JSON.stringify(report)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
