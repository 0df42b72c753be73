import path from "node:path";
import { ROOT } from "./support/app-server";
import { start } from "./support/processes";
import { fmt, type Bench, type Row } from "./support/table";

/**
 * Memory of the MemoryStore: a fresh process (`--expose-gc`, see memory-worker.ts) fills 10,000 sessions × 50
 * actions built by the real pipeline from the fixtures, then is offered twice the sessions, then twice the actions,
 * and reports RSS and heap after a full gc at each step. The floor: the same process with its modules loaded and an empty
 * store.
 */

const SESSIONS = 10_000;
const ACTIONS = 50;
const RSS_TARGET = 300 * 1024 * 1024;
// Memory "holds" when rounds past the caps leave it within this factor: level, not creeping up round after round.
const PLATEAU = 1.1;

export type Sample = { rss: number; heap: number; heapTotal: number };
export type MemoryReport = {
  floor: Sample;
  filled: Sample;
  afterSessions: Sample;
  afterActions: Sample;
  sessions: number;
  maxActions: number;
  minActions: number;
  seconds: number;
};

export const memory: Bench = {
  name: "memory",
  title: `MemoryStore RSS at ${SESSIONS.toLocaleString("en-US")} sessions × ${ACTIONS} actions`,
  async run() {
    const worker = start(
      process.execPath,
      ["--expose-gc", "--import", "tsx", path.join(ROOT, "bench/memory-worker.ts"), String(SESSIONS), String(ACTIONS)],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" } },
    );
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => void worker.stop(), 5 * 60_000);
      worker.child.once("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const line = worker.output().split("\n").find((text) => text.startsWith("REPORT "));
    if (code !== 0 || !line) throw new Error(`the memory worker failed:\n${worker.output().slice(-4_000)}`);
    const report = JSON.parse(line.slice(7)) as MemoryReport;
    const bench = "memory";
    const later = [report.afterSessions, report.afterActions];
    return [
      {
        bench,
        measure: `RSS after gc, ${SESSIONS.toLocaleString("en-US")} × ${ACTIONS}`,
        figure: `${fmt.mb(report.filled.rss)} (heap ${fmt.mb(report.filled.heap)})`,
        floor: `${fmt.mb(report.floor.rss)} (heap ${fmt.mb(report.floor.heap)}) empty store`,
        target: "≤ 300 MB",
        ok: report.filled.rss <= RSS_TARGET,
      },
      {
        bench,
        measure: "RSS after 2× sessions, then 2× actions",
        figure: later.map((sample) => fmt.mb(sample.rss)).join(", "),
        floor: `${fmt.mb(report.filled.rss)} filled`,
        target: `level: last ≤ ${PLATEAU}× first`,
        ok: report.afterActions.rss <= report.afterSessions.rss * PLATEAU,
      },
      {
        bench,
        measure: "heap used (committed) after the same",
        figure: later.map((sample) => `${fmt.mb(sample.heap)} (${fmt.mb(sample.heapTotal)})`).join(", "),
        floor: `${fmt.mb(report.filled.heap)} (${fmt.mb(report.filled.heapTotal)}) filled`,
        target: `≤ ${PLATEAU}× filled`,
        ok: Math.max(...later.map((sample) => sample.heap)) <= report.filled.heap * PLATEAU,
      },
      {
        bench,
        measure: "sessions kept / actions per session",
        figure: `${report.sessions.toLocaleString("en-US")} / ${report.minActions}–${report.maxActions}`,
        target: `caps ${SESSIONS.toLocaleString("en-US")} / ${ACTIONS}`,
        ok: report.sessions === SESSIONS && report.maxActions === ACTIONS && report.minActions === ACTIONS,
      },
    ] satisfies Row[];
  },
};
