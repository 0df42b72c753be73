import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../test/support/free-port";

export type RedisServer = { url: string; port: number; stop: () => Promise<void>; start: () => Promise<void> };

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.write("PING\r\n");
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("+PONG"));
      });
    });
    socket.once("error", () => resolve(false));
  });

/**
 * A throw-away redis-server of the test's own, on its own port, that the test can stop and start again.
 * With `durable`, every write is fsynced to an append-only file, so a restart keeps what was acknowledged,
 * as a production Redis with persistence would.
 */
export async function redisServer({ durable = false } = {}): Promise<RedisServer> {
  const port = await freePort(6390);
  let child: ChildProcess | null = null;
  const dir = mkdtempSync(path.join(tmpdir(), `redis-${port}-`));
  const persistence = durable
    ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", dir]
    : ["--appendonly", "no", "--dir", dir];
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence], {
      stdio: "ignore",
    });
    const deadline = Date.now() + 10_000;
    while (!(await answers(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once("exit", resolve));
    current.kill("SIGKILL");
    await exited;
    child = null;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop };
}
