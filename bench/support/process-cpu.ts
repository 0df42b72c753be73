import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time (user + system) spent by a process group, read from the kernel's accounting in /proc/<pid>/stat:
 * the server's own figure, which needs no profiler in the server and does not count the time it waits for a
 * core. Contention still raises it somewhat (a process that keeps losing its core runs on cold caches). Every process of the group counts (a server that forks workers is measured
 * whole); the kernel keeps the time of a process's exited threads in its totals. Resolution: one clock tick
 * (10 ms at CLK_TCK 100), negligible against seconds of CPU per measurement. Linux only.
 */

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

/** Seconds of CPU used so far by every live process whose process group is `pgid`. */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // The command name, in parentheses, may hold spaces: the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue; // field 5, pgrp
    ticks += Number(fields[11]) + Number(fields[12]); // fields 14 and 15, utime and stime
  }
  return ticks / clockTicks();
}
