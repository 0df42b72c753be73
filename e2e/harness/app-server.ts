import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { E2E_ENV } from "../../playwright.config";
import { freePort } from "../../test/support/free-port";

const ROOT = path.resolve(__dirname, "../..");

export type AppServer = {
  url: string;
  port: number;
  stop: () => Promise<void>;
  process: ChildProcess;
  /** What the server printed, for a failing test's report. */
  output: () => string;
};

/**
 * Another `next start` of the already-built app (Playwright's webServer built it), for tests that need
 * several instances or a different store. Stopped with SIGKILL when asked to die like a crashed instance.
 */
export async function startAppServer(env: Record<string, string> = {}, { port: fixed }: { port?: number } = {}): Promise<AppServer> {
  // A fixed port restarts an instance where its clients expect it.
  const port = fixed ?? (await freePort(3120));
  const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...E2E_ENV, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start on ${port} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start on ${port} did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
