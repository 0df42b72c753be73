import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/**
 * Every process a benchmark starts, so that all of them die with the runner: on a normal exit, on Ctrl-C, on
 * SIGTERM and on a crash. Each child leads its own process group, and the whole group is killed, so what a
 * child starts in turn (next start's workers) goes too.
 */
const children = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

export function killAll(): void {
  for (const child of children) killGroup(child, "SIGKILL");
  children.clear();
}

let installed = false;
function installExitHooks(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
  process.on("uncaughtException", (error) => {
    console.error(error);
    killAll();
    process.exit(1);
  });
  process.on("unhandledRejection", (error) => {
    console.error(error);
    killAll();
    process.exit(1);
  });
}

export type Started = {
  child: ChildProcess;
  /** stdout and stderr so far, for error messages. */
  output: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop: (graceMs?: number) => Promise<void>;
};

export function start(command: string, args: string[], options: SpawnOptions = {}): Started {
  installExitHooks();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, ...options });
  children.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    // Only the tail is ever shown; a chatty server must not grow the runner's memory.
    if (output.length > 64_000) output = output.slice(-32_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => children.delete(child));
  return {
    child,
    output: () => output,
    async stop(graceMs = 3_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // The group's other members, if any outlived their leader.
      killGroup(child, "SIGKILL");
      children.delete(child);
    },
  };
}

/** Runs a command to completion within `timeoutMs`, output passed through to stderr. */
export function runToEnd(command: string, args: string[], options: SpawnOptions & { timeoutMs: number }): Promise<void> {
  installExitHooks();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", 2, 2], detached: true, ...options });
    children.add(child);
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} took longer than ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}
