import { describe, expect, it } from "vitest";
import { TaskSchema, projectTasks } from "./project-tasks";

describe("projectTasks", () => {
  it("is deterministic per project", () => {
    expect(projectTasks(42)).toEqual(projectTasks(42));
    expect(projectTasks(42)).not.toEqual(projectTasks(4821));
  });

  it("makes 5 to 9 valid tasks with ids naming the project", () => {
    for (const id of [1, 42, 317, 4821, 9050, 123456]) {
      const tasks = projectTasks(id);
      expect(tasks.length).toBeGreaterThanOrEqual(5);
      expect(tasks.length).toBeLessThanOrEqual(9);
      tasks.forEach((task, index) => {
        expect(TaskSchema.parse(task)).toEqual(task);
        expect(task.id).toBe(`T-${id}-${index + 1}`);
      });
    }
  });
});
