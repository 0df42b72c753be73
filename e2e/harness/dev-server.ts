import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../test/support/free-port";

const ROOT = path.resolve(__dirname, "../..");

export type DevServer = {
  port: number;
  stop: () => Promise<void>;
  output: () => string;
};

/** The variables a developer's `npm run dev` would not have: the production suite's, and shared Redis. */
const NOT_IN_DEV = [
  "NODE_ENV",
  "AUTH_SECRET",
  "DEMO_USER_EMAIL",
  "DEMO_USER_PASSWORD",
  "POSTHOG_WEBHOOK_SECRET",
  "AUTOPLAY_STREAM_TOKEN",
  "POSTHOG_KEY",
  "REDIS_URL",
  "KV_URL",
  "VERCEL",
  "VERCEL_ENV",
];

/**
 * The `next dev` a developer already runs in this checkout (the README's quick start leaves `npm run dev`
 * running), found through Next's lock file ({pid, port, …}). Next allows one per folder, so the suite tests that
 * one rather than failing to start its own; it is left running afterwards.
 */
async function developersDevServer(lock: string): Promise<DevServer | null> {
  if (!existsSync(lock)) return null;
  let port: unknown;
  try {
    const owner = JSON.parse(readFileSync(lock, "utf8"));
    process.kill(owner.pid, 0); // throws when the process that took the lock is gone (a stale lock)
    port = owner.port;
    if (typeof port !== "number" || !(await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return null;
  } catch {
    return null;
  }
  return { port, stop: async () => {}, output: () => `(the next dev already running on port ${port})` };
}

/**
 * `next dev` exactly as `npm run dev` starts it (listening on every interface, no -H), on its own port.
 * Next 16 keeps the development build in `.next/dev` (with its own lock) and `next build` leaves that folder
 * alone, so this runs beside the production server the suite built. Only one `next dev` can run per folder,
 * so a developer's own `npm run dev` in this checkout is used instead when one is running.
 */
export async function startDevServer(env: Record<string, string> = {}): Promise<DevServer> {
  const lock = path.join(ROOT, ".next/dev/lock");
  const running = await developersDevServer(lock);
  if (running) return running;
  const port = process.env.E2E_DEV_PORT ? Number(process.env.E2E_DEV_PORT) : await freePort(3140);
  const inherited = { ...process.env };
  for (const name of NOT_IN_DEV) delete inherited[name];
  const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "dev", "-p", String(port)], {
    cwd: ROOT,
    env: { ...inherited, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: `next dev` starts workers of its own, and stopping must take them all down.
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return; // already gone
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(killer);
  };

  // The first compile of a route takes a while on a small machine; a health check is the smallest one.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) {
      const other = existsSync(lock) ? `\n(.next/dev/lock: ${readFileSync(lock, "utf8")})` : "";
      throw new Error(`next dev on ${port} exited (${child.exitCode}):\n${output}${other}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next dev on ${port} did not answer within 150 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { port, stop, output: () => output };
}
