"use client";

import type { Task } from "@/lib/projects/project-tasks";
import { tasksCsv, tasksCsvFilename } from "@/lib/projects/tasks-csv";

/**
 * A real <button> (not a link) so posthog-js autocapture records a click with the text "Export CSV". The `name`
 * matters: posthog-js hides the text of an element whose name-or-id matches its sensitive-field pattern, which
 * includes "exp" (card expiry), and the id "export-csv" alone would match.
 */
export function ExportCsvButton({ projectName, tasks }: { projectName: string; tasks: Task[] }) {
  function download() {
    const blob = new Blob([tasksCsv(tasks)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = tasksCsvFilename(projectName);
    // This synthetic click is not the user's: keep it out of autocapture.
    link.className = "ph-no-capture";
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked on the next tick: some browsers start the download asynchronously.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  return (
    <button id="export-csv" name="download-tasks" type="button" className="btn btn-secondary" onClick={download}>
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <path
          d="M8 2.5v7.5m0 0L5 7m3 3 3-3M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      Export CSV
    </button>
  );
}
