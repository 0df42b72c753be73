import { describe, expect, it } from "vitest";
import { publicOrigin } from "./public-origin";

describe("publicOrigin", () => {
  it("uses the forwarded host and protocol behind a proxy", () => {
    const headers = new Headers({ host: "internal:3000", "x-forwarded-host": "app.acme.dev, proxy", "x-forwarded-proto": "https" });
    expect(publicOrigin(headers)).toBe("https://app.acme.dev");
  });
  it("falls back to Host over http, and to the fallback for a malformed host", () => {
    expect(publicOrigin(new Headers({ host: "127.0.0.1:3000" }))).toBe("http://127.0.0.1:3000");
    expect(publicOrigin(new Headers({ host: "evil.test/<script>" }), "http://x")).toBe("http://x");
  });
});
