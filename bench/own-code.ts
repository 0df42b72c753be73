import path from "node:path";
import { BENCH_ENV, freePort, ROOT, waitUntilUp } from "./support/app-server";
import { Deliveries } from "./support/deliveries";
import { measure, type LoadResult } from "./support/load";
import { start } from "./support/processes";
import { fmt, type Bench, type BenchContext } from "./support/table";
import { MemoryStore } from "@/lib/store/memory-store";
import { processDelivery } from "@/lib/webhook/handle-delivery";
import { DEFAULT_SECRET_URL_PARAMS } from "@/lib/privacy/redact-url-secrets";

/**
 * The ceiling of the app's own code: the same lib/ pipeline behind a bare node:http server (no Next.js), beside
 * a bare server that only reads and JSON.parses the body. See own-code-server.ts for what each one does.
 */

async function serve(mode: "pipeline" | "json", context: BenchContext): Promise<LoadResult> {
  const port = await freePort();
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ? process.env.BENCH_NODE_OPTIONS.split(/\s+/) : [];
  const server = start(
    process.execPath,
    [...nodeOptions, "--import", "tsx", path.join(ROOT, "bench/own-code-server.ts"), mode, String(port)],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: "production", BENCH_WEBHOOK_SECRET: BENCH_ENV.POSTHOG_WEBHOOK_SECRET } },
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${url}/health`, server, 30_000);
    const deliveries = new Deliveries();
    return await measure({
      url: `${url}/webhook`,
      headers: { "x-posthog-secret": BENCH_ENV.POSTHOG_WEBHOOK_SECRET },
      body: () => deliveries.next(),
      seconds: context.seconds,
    });
  } finally {
    await server.stop();
  }
}

/**
 * The pipeline alone, in this process, with no HTTP at all: µs per delivery of the same mix, beside µs per
 * JSON.parse of the same bodies. Separates our code's cost from the socket work both servers pay.
 */
async function inProcess(count = 50_000): Promise<{ pipelineUs: number; parseUs: number }> {
  const deliveries = new Deliveries();
  const bodies = Array.from({ length: count }, () => deliveries.next());
  const deps = {
    store: new MemoryStore({ maxSessions: 10_000, maxActionsPerSession: 500 }),
    secrets: [BENCH_ENV.POSTHOG_WEBHOOK_SECRET],
    maxBodyBytes: 1024 * 1024,
    productId: "acme-bench",
    secretUrlParams: DEFAULT_SECRET_URL_PARAMS,
  };
  const headers = new Headers({ "x-posthog-secret": BENCH_ENV.POSTHOG_WEBHOOK_SECRET, "content-type": "application/json" });
  const url = "http://127.0.0.1/api/webhooks/posthog";
  const started = performance.now();
  for (const body of bodies) await processDelivery({ headers, url, readText: async () => body }, deps);
  const pipelineUs = ((performance.now() - started) * 1000) / count;
  const parseStarted = performance.now();
  for (const body of bodies) JSON.parse(body);
  return { pipelineUs, parseUs: ((performance.now() - parseStarted) * 1000) / count };
}

export const ownCode: Bench = {
  name: "own-code",
  title: "the webhook pipeline behind bare node:http",
  async run(context) {
    const json = await serve("json", context);
    const pipeline = await serve("pipeline", context);
    const ratio = pipeline.rate / json.rate;
    const cost = await inProcess();
    const bench = "own-code ceiling";
    const failed = (result: LoadResult) => (result.failures > 0 ? ` (${result.failures} failed)` : "");
    return [
      {
        bench,
        measure: "deliveries/s, mixed shapes",
        figure: fmt.rate(pipeline.rate) + failed(pipeline),
        floor: `${fmt.rate(json.rate)} read + JSON.parse${failed(json)}`,
        target: "≥ 15,000",
        ok: pipeline.failures === 0 && pipeline.rate >= 15_000,
      },
      { bench, measure: "rate ÷ bare JSON.parse", figure: fmt.ratio(ratio), target: "≥ 0.5", ok: ratio >= 0.5 },
      {
        bench,
        measure: "latency p50 / p99",
        figure: `${fmt.ms(pipeline.p50)} / ${fmt.ms(pipeline.p99)}`,
        floor: `${fmt.ms(json.p50)} / ${fmt.ms(json.p99)}`,
      },
      {
        bench,
        measure: "µs per delivery in-process, no HTTP",
        figure: `${cost.pipelineUs.toFixed(1)} µs`,
        floor: `${cost.parseUs.toFixed(1)} µs JSON.parse alone`,
      },
    ];
  },
};
