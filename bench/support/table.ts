import os from "node:os";

/** One line of the summary: a figure, the floor it is set beside (measured in the same run), and its target. */
export type Row = {
  bench: string;
  measure: string;
  figure: string;
  floor?: string;
  target?: string;
  /** null: informational, or not measurable here. */
  ok?: boolean | null;
};

export type BenchContext = { noBuild: boolean; seconds: number };
export type Bench = { name: string; title: string; run: (context: BenchContext) => Promise<Row[]> };

export const fmt = {
  rate: (value: number) => Math.round(value).toLocaleString("en-US"),
  ms: (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`,
  ratio: (value: number) => value.toFixed(2),
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
};

export const mark = (ok: boolean | null | undefined) => (ok === true ? "✓" : ok === false ? "✗" : "");

export function renderTable(rows: Row[]): string {
  const header = ["benchmark", "measure", "figure", "floor (same run)", "target", ""];
  const cells = rows.map((row) => [row.bench, row.measure, row.figure, row.floor ?? "", row.target ?? "", mark(row.ok)]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(header), widths.map((width) => "─".repeat(width)).join("  ")];
  let previous = "";
  for (const values of cells) {
    if (previous && values[0] !== previous) out.push("");
    previous = values[0]!;
    out.push(line(values));
  }
  return out.join("\n");
}

export function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((value) => value.toFixed(2)).join(" ");
  return [
    `CPU      ${cpus[0]?.model.trim() ?? "unknown"}`,
    `cores    ${cpus.length} (load average at start: ${load})`,
    `RAM      ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `node     ${process.version} on ${os.platform()} ${os.release()}`,
  ].join("\n");
}
