import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirectUrl, sameOriginPath } from "./safe-callback-url";

// Each of these, used as a redirect target, reaches another host or runs script in some browser or proxy.
const OPEN_REDIRECTS = [
  "https://evil.example/",
  "//evil.example/path",
  "///evil.example",
  "/.//evil.example",
  "/./%2e/.//evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E//evil.example",
  "/a/../..//evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%2f%2fevil.example",
  "/%2F/evil.example",
  "/%5cevil.example",
  "/%5C%5Cevil.example",
  "/%09/evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "/javascript:alert(1)//%0a",
  "data:text/html,<script>alert(1)</script>",
  "http:/evil.example",
  "https:evil.example",
  "/%zz",
];

describe("sameOriginPath", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(sameOriginPath("/projects/42")).toBe("/projects/42");
    expect(sameOriginPath("/projects?sort=name#top")).toBe("/projects?sort=name#top");
    expect(sameOriginPath("/dashboard?session=a%2Fb")).toBe("/dashboard?session=a%2Fb");
  });

  it("returns the normalised path, which must itself be safe", () => {
    expect(sameOriginPath("/projects/./42")).toBe("/projects/42");
    expect(sameOriginPath("/projects/x/../42")).toBe("/projects/42");
  });

  it.each(OPEN_REDIRECTS)("refuses %j", (value) => {
    expect(sameOriginPath(value)).toBeNull();
  });

  it("refuses what is not a string, and absurdly long values", () => {
    expect(sameOriginPath(undefined)).toBeNull();
    expect(sameOriginPath(["/projects"])).toBeNull();
    expect(sameOriginPath(`/${"a".repeat(5000)}`)).toBeNull();
  });
});

describe("safeCallbackPath", () => {
  it("falls back when there is no usable value", () => {
    expect(safeCallbackPath(undefined)).toBe("/dashboard");
    expect(safeCallbackPath("")).toBe("/dashboard");
    expect(safeCallbackPath("projects")).toBe("/dashboard");
    expect(safeCallbackPath(undefined, "/projects")).toBe("/projects");
  });

  it.each(OPEN_REDIRECTS)("falls back for the open redirect %j", (value) => {
    expect(safeCallbackPath(value)).toBe("/dashboard");
  });

  it("does not send the user back to the login page", () => {
    expect(safeCallbackPath("/login?next=/projects")).toBe("/dashboard");
    expect(safeCallbackPath("/projects/../login")).toBe("/dashboard");
  });
});

describe("safeRedirectUrl (Auth.js's redirect callback)", () => {
  const base = "https://app.example.com";

  it("keeps paths and absolute URLs on this origin", () => {
    expect(safeRedirectUrl("/projects/42", base)).toBe("https://app.example.com/projects/42");
    expect(safeRedirectUrl("https://app.example.com/login", base)).toBe("https://app.example.com/login");
  });

  it.each(OPEN_REDIRECTS)("sends %j to this origin's fallback", (value) => {
    expect(new URL(safeRedirectUrl(value, base)).origin).toBe(base);
  });

  it("refuses another origin, even one that looks alike", () => {
    expect(safeRedirectUrl("https://app.example.com.evil.example/", base)).toBe("https://app.example.com/dashboard");
    expect(safeRedirectUrl("http://app.example.com/projects", base)).toBe("https://app.example.com/dashboard");
    expect(safeRedirectUrl("https://app.example.com/.//evil.example", base)).toBe("https://app.example.com/dashboard");
  });
});
