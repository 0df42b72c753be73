import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-url";

describe("safeCallbackPath", () => {
  it("keeps same-origin relative paths with their query and hash", () => {
    expect(safeCallbackPath("/projects/42")).toBe("/projects/42");
    expect(safeCallbackPath("/projects?sort=name#top")).toBe("/projects?sort=name#top");
  });

  it("falls back when there is no usable value", () => {
    expect(safeCallbackPath(undefined)).toBe("/dashboard");
    expect(safeCallbackPath(["/projects"])).toBe("/dashboard");
    expect(safeCallbackPath("")).toBe("/dashboard");
    expect(safeCallbackPath("projects")).toBe("/dashboard");
    expect(safeCallbackPath(undefined, "/projects")).toBe("/projects");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
  ])("refuses the open redirect %j", (value) => {
    expect(safeCallbackPath(value)).toBe("/dashboard");
  });

  it("does not send the user back to the login page", () => {
    expect(safeCallbackPath("/login?callbackUrl=/projects")).toBe("/dashboard");
  });
});
