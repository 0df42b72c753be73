import { describe, expect, it } from "vitest";
import { projectTasks } from "./project-tasks";
import { tasksCsv, tasksCsvFilename } from "./tasks-csv";

describe("tasksCsv", () => {
  it("has a header and one line per task", () => {
    const tasks = projectTasks(42);
    const lines = tasksCsv(tasks).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,title,status,assignee,due,estimate_hours");
    expect(lines).toHaveLength(tasks.length + 1);
    const first = tasks[0]!;
    expect(lines[1]).toBe([first.id, first.title, first.status, first.assignee, first.due, first.estimateHours].join(","));
  });
});

describe("tasksCsvFilename", () => {
  it("slugs the project name", () => {
    expect(tasksCsvFilename("Q3 billing migration")).toBe("q3-billing-migration-tasks.csv");
    expect(tasksCsvFilename("  Café / Ops!! ")).toBe("cafe-ops-tasks.csv");
    expect(tasksCsvFilename("***")).toBe("project-tasks.csv");
  });
});
