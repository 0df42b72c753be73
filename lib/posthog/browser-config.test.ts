import { describe, expect, it } from "vitest";
import { absoluteApiHost, posthogBrowserConfig, RELAY_PATH } from "./browser-config";

const hosts = { host: "https://eu.i.posthog.com", uiHost: "https://eu.posthog.com" };

describe("posthogBrowserConfig", () => {
  it("points at the real project, through the app's reverse proxy, when a key is configured", () => {
    const config = posthogBrowserConfig({ posthog: { key: "phc_real", ...hosts }, productId: "acme-web", secretUrlParams: ["password"] }, null);
    expect(config).toEqual({
      key: "phc_real",
      apiHost: "/relay",
      uiHost: "https://eu.posthog.com",
      productId: "acme-web",
      user: null,
      secretUrlParams: ["password"],
    });
  });

  it("falls back to the local stand-in without a key", () => {
    const config = posthogBrowserConfig({ posthog: { key: null, ...hosts }, productId: "p", secretUrlParams: [] }, undefined);
    expect(config).toMatchObject({ key: "phc_local_standin", apiHost: "/standin", uiHost: "https://eu.posthog.com" });
  });

  it("passes only the signed-in user's id and email", () => {
    const env = { posthog: { key: null, ...hosts }, productId: "p", secretUrlParams: [] };
    const user = { id: "user_abc", email: "demo@example.com", name: "Demo", image: null };
    expect(posthogBrowserConfig(env, user).user).toEqual({ id: "user_abc", email: "demo@example.com" });
    expect(posthogBrowserConfig(env, { id: "user_abc", email: null }).user).toBeNull();
  });
});

describe("absoluteApiHost", () => {
  it("prefixes a relative path with the page's origin and leaves URLs alone", () => {
    expect(absoluteApiHost("/standin", "http://localhost:3000")).toBe("http://localhost:3000/standin");
    expect(absoluteApiHost("https://us.i.posthog.com", "http://localhost:3000")).toBe("https://us.i.posthog.com");
  });
});

describe("the reverse proxy in next.config.js", () => {
  it("serves the path posthog-js is pointed at, to PostHog's ingestion and assets hosts", async () => {
    const nextConfig = require("../../next.config.js");
    expect(RELAY_PATH).toBe("/relay");
    const rewrites = await nextConfig.rewrites();
    expect(rewrites).toContainEqual({ source: "/relay/static/:path*", destination: "https://us-assets.i.posthog.com/static/:path*" });
    expect(rewrites.at(-1)).toEqual({ source: "/relay/:path*", destination: "https://us.i.posthog.com/:path*" });
    expect(nextConfig.skipTrailingSlashRedirect).toBe(true);
  });
});
