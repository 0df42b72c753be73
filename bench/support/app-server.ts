import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { freePort as freePortFrom } from "../../test/support/free-port";
import { runToEnd, start, type Started } from "./processes";

/** The repository the benchmarks run from: the folder above bench/. */
export const ROOT = path.resolve(__dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

/**
 * Production settings for `next start`: explicit values, since production refuses missing or public
 * development defaults (lib/config/env.ts). No PostHog key, so nothing leaves the machine.
 */
export const BENCH_ENV = {
  NODE_ENV: "production",
  AUTH_SECRET: "bench-auth-secret-0123456789abcdef0123456789abcdef",
  DEMO_USER_EMAIL: "bench.user@example.com",
  DEMO_USER_PASSWORD: "bench-password-0123",
  POSTHOG_WEBHOOK_SECRET: "bench-webhook-secret-0123456789",
  AUTOPLAY_STREAM_TOKEN: "bench-stream-token-0123456789abcdef",
  AUTOPLAY_PRODUCT_ID: "acme-bench",
  POSTHOG_KEY: "",
  NEXT_TELEMETRY_DISABLED: "1",
} as const;

// What goes into the build; tests and the bench itself do not.
const SOURCES = ["app", "lib", "public", "auth.ts", "instrumentation.ts", "next.config.js", "package.json", "tsconfig.json"];

function newestSource(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(target) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(target)) newest = Math.max(newest, newestSource(path.join(target, name)));
  return newest;
}

/** Builds the app unless `.next` holds a production build newer than every source file. */
export async function ensureBuild({ noBuild }: { noBuild: boolean }): Promise<void> {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (noBuild) {
    if (built === 0) throw new Error("--no-build was given but there is no production build in .next");
    return;
  }
  const newest = Math.max(...SOURCES.map((name) => newestSource(path.join(ROOT, name))));
  if (built > newest) return;
  process.stderr.write(built === 0 ? "No production build: running next build…\n" : "The build is older than the sources: running next build…\n");
  await runToEnd(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    timeoutMs: 10 * 60_000,
  });
}

/** The first free port from BENCH_PORT (default 3300) upwards that this run has not handed out yet. */
export const freePort = () => freePortFrom(Number(process.env.BENCH_PORT ?? 3300));

export type Server = { url: string; port: number; pid: number; process: Started; stop: () => Promise<void> };

/** Polls `url` until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitUntilUp(url: string, started: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`the server exited before answering:\n${started.output().slice(-4_000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} after ${timeoutMs / 1000} s:\n${started.output().slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `next start` on a free port of 127.0.0.1, with the production settings plus `env`. */
export async function startApp(env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const merged: NodeJS.ProcessEnv = { ...process.env, ...BENCH_ENV, ...env };
  // A REDIS_URL in the caller's shell must not turn the memory-store server into a Redis one.
  if (!("REDIS_URL" in env)) delete merged.REDIS_URL;
  // BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers: as node's own arguments,
  // since NODE_OPTIONS refuses --cpu-prof.
  const nodeOptions = process.env.BENCH_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
  const started = start(process.execPath, [...nodeOptions, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: ROOT, env: merged });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/api/health`, started, 60_000);
  return { url, port, pid: started.child.pid!, process: started, stop: () => started.stop() };
}
