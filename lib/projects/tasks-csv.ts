import { toCsv } from "./csv";
import type { Task } from "./project-tasks";

export function tasksCsv(tasks: readonly Task[]): string {
  return toCsv(
    ["id", "title", "status", "assignee", "due", "estimate_hours"],
    tasks.map((task) => [task.id, task.title, task.status, task.assignee, task.due, task.estimateHours]),
  );
}

/** e.g. "website-relaunch-tasks.csv"; only [a-z0-9-] so it is safe in a download attribute on every OS. */
export function tasksCsvFilename(projectName: string): string {
  const slug = projectName
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "project"}-tasks.csv`;
}
