import { beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { NewProjectSchema } from "./project";
import { MAX_PROJECTS, createProject, getProject, listProjects, parseProjectId, resetProjectStore } from "./project-store";

beforeEach(() => resetProjectStore());

describe("project store", () => {
  it("is seeded with realistic projects that have numeric ids", () => {
    const projects = listProjects();
    expect(projects.length).toBeGreaterThanOrEqual(3);
    expect(getProject(42)?.name).toBe("Website relaunch");
    expect(getProject(4821)?.name).toBe("Q3 billing migration");
    expect(getProject(1)).toBeUndefined();
  });

  it("lists newest first", () => {
    const dates = listProjects().map((project) => project.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("creates a project with a fresh numeric id, trimmed fields, listed first", () => {
    const project = createProject({ name: "  Data export  ", description: "" }, "demo@example.com");
    expect(project).toMatchObject({ name: "Data export", description: "", owner: "demo@example.com" });
    expect(Number.isInteger(project.id)).toBe(true);
    expect(getProject(project.id)).toEqual(project);
    expect(listProjects()[0]).toEqual(project);
    const second = createProject({ name: "Another" }, "demo@example.com");
    expect(second.id).toBeGreaterThan(project.id);
  });

  it("refuses invalid input", () => {
    expect(() => createProject({ name: "   " }, "x")).toThrow(ZodError);
    expect(() => createProject({ name: "a".repeat(81) }, "x")).toThrow(ZodError);
    expect(() => createProject({ name: "ok", description: "d".repeat(501) }, "x")).toThrow(ZodError);
    expect(createProject({ name: "a".repeat(80), description: "d".repeat(500) }, "x").name).toHaveLength(80);
  });

  it("keeps the seeded projects and drops the oldest created ones past the cap", () => {
    const first = createProject({ name: "first" }, "x");
    for (let i = 0; i < MAX_PROJECTS; i += 1) createProject({ name: `p${i}` }, "x");
    expect(listProjects()).toHaveLength(MAX_PROJECTS);
    expect(getProject(first.id)).toBeUndefined();
    expect(getProject(42)).toBeDefined();
  });
});

describe("NewProjectSchema", () => {
  it("says what is wrong with each field", () => {
    const result = NewProjectSchema.safeParse({ name: "", description: "d".repeat(501) });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messages).toEqual([
      "name: Give the project a name.",
      "description: Keep the description to 500 characters or fewer.",
    ]);
  });
});

describe("parseProjectId", () => {
  it("accepts plain positive integers only", () => {
    expect(parseProjectId("4821")).toBe(4821);
    for (const bad of ["0", "-1", "42abc", "1e3", "04", "", "99999999999"]) expect(parseProjectId(bad)).toBeUndefined();
  });
});
