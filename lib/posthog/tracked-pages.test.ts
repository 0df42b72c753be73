import { describe, expect, it } from "vitest";
import { isTrackedPath, isTrackedUrl } from "./tracked-pages";

describe("the product's pages", () => {
  it("are sign-in and projects, with everything below them", () => {
    for (const path of ["/login", "/login?callbackUrl=%2Fprojects", "/projects", "/projects/42", "/projects/new", "/projects/42#tasks"]) {
      expect(isTrackedPath(path), path).toBe(true);
    }
  });

  it("are not the operator's pages, nor anything unlisted", () => {
    for (const path of ["/dashboard", "/dashboard/connect", "/dashboard?session=abc", "/", "/projectsx", "/loginx", "/standin/e/"]) {
      expect(isTrackedPath(path), path).toBe(false);
    }
  });

  it("read absolute URLs by their path", () => {
    expect(isTrackedUrl("http://127.0.0.1:3000/projects/42?tab=x")).toBe(true);
    expect(isTrackedUrl("http://127.0.0.1:3000/dashboard/connect")).toBe(false);
    expect(isTrackedUrl("not a url")).toBe(false);
  });
});
