import { describe, expect, it } from "vitest";
import { isApiPath, isCronPath, isPublicPath } from "./public-paths";

describe("isPublicPath", () => {
  it.each([
    "/",
    "/login",
    "/login/",
    "/api/auth/session",
    "/api/auth/callback/credentials",
    "/api/health",
    "/api/webhooks/posthog",
    "/standin/e/",
    "/relay/e/",
    "/relay/static/array.js",
    "/favicon.ico",
    "/icon.png",
    "/apple-icon.png",
    "/opengraph-image.png",
    "/og-image.png",
    "/icon.svg",
    "/robots.txt",
  ])("lets %s through signed out", (path) => {
    expect(isPublicPath(path)).toBe(true);
  });

  it.each([
    "/dashboard",
    "/dashboard/connect",
    "/projects",
    "/projects/42",
    "/projects/new",
    "/api/sessions",
    "/api/sessions/abc",
    "/api/sessions/stream",
    "/api/stream",
    "/api/deliveries",
    "/api/healthz",
    "/api/authx",
    "/loginx",
    "/login/x",
    "/icon/../dashboard",
    "/standinx",
    "/a-page-added-tomorrow",
  ])("turns %s away signed out", (path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});

describe("isApiPath", () => {
  it("tells API routes from pages", () => {
    expect(isApiPath("/api/sessions")).toBe(true);
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/apis")).toBe(false);
    expect(isApiPath("/dashboard")).toBe(false);
  });

  it("counts the paths Autoplay's clients call at the root as API routes: MCP and the SDK's stream", () => {
    expect(isApiPath("/mcp")).toBe(true);
    expect(isApiPath("/stream/acme-web")).toBe(true);
    expect(isApiPath("/mcpx")).toBe(false);
    expect(isApiPath("/streams")).toBe(false);
  });
});

describe("isCronPath", () => {
  it("names Vercel Cron's routes only", () => {
    expect(isCronPath("/api/cron/forward")).toBe(true);
    expect(isCronPath("/api/sessions")).toBe(false);
  });
});
