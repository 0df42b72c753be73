/**
 * `npm run bench [-- <name>...] [--no-build]`: runs the benchmarks (all, or the ones named) and prints one
 * table, each figure beside the floor it is measured against in the same run, and its target.
 * BENCH_SECONDS (default 10) sets the length of each measurement. Load goes to 127.0.0.1 only; every process
 * started is killed at exit, on Ctrl-C and on errors.
 */
import { browser } from "./browser";
import { dashboard } from "./dashboard";
import { e2eLatency } from "./e2e-latency";
import { ingest } from "./ingest";
import { latency } from "./latency";
import { memory } from "./memory";
import { ownCode } from "./own-code";
import { reads } from "./reads";
import { killAll } from "./support/processes";
import { machine, renderTable, type Bench, type Row } from "./support/table";

const BENCHES: Bench[] = [ingest, ownCode, e2eLatency, latency, memory, browser, dashboard, reads];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknownFlag = args.find((arg) => arg.startsWith("-") && arg !== "--no-build");
  const names = args.filter((arg) => !arg.startsWith("-"));
  const unknown = names.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknownFlag || unknown.length > 0) {
    console.error(`usage: npm run bench [-- [--no-build] [${BENCHES.map((bench) => bench.name).join("|")}]...]`);
    return 2;
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  if (!(seconds > 0)) {
    console.error("BENCH_SECONDS must be a positive number");
    return 2;
  }
  const selected = names.length > 0 ? BENCHES.filter((bench) => names.includes(bench.name)) : BENCHES;
  const context = { noBuild: args.includes("--no-build"), seconds };

  console.log(machine());
  console.log(`run      ${new Date().toISOString()}, ${seconds} s per measurement\n`);
  const rows: Row[] = [];
  let failed = false;
  for (const bench of selected) {
    const started = Date.now();
    process.stderr.write(`▶ ${bench.name}: ${bench.title}…\n`);
    try {
      rows.push(...(await bench.run(context)));
    } catch (error) {
      failed = true;
      rows.push({ bench: bench.name, measure: "failed", figure: String((error as Error).message ?? error).split("\n")[0]!, ok: false });
      console.error(error);
    }
    process.stderr.write(`  ${bench.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  console.log(renderTable(rows));
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (error) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);
