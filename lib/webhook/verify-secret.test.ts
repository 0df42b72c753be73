import { describe, expect, it } from "vitest";
import { lookalikeFields, verifySecret } from "./verify-secret";

describe("verifySecret", () => {
  it("accepts the secret under any header casing", () => {
    for (const name of ["X-PostHog-Secret", "x-posthog-secret", "X-POSTHOG-SECRET"]) {
      expect(verifySecret(new Headers({ [name]: "s3cret-value" }), ["s3cret-value"])).toEqual({ ok: true });
    }
  });

  it("accepts any of several secrets while one is rotated", () => {
    const secrets = ["new-secret-value", "old-secret-value"];
    expect(verifySecret(new Headers({ "x-posthog-secret": "old-secret-value" }), secrets).ok).toBe(true);
    expect(verifySecret(new Headers({ "x-posthog-secret": "new-secret-value" }), secrets).ok).toBe(true);
  });

  it("rejects a wrong secret, including prefixes and longer strings", () => {
    for (const wrong of ["s3cret", "s3cret-value-and-more", "S3CRET-VALUE", " "]) {
      const result = verifySecret(new Headers({ "x-posthog-secret": wrong }), ["s3cret-value"]);
      expect(result.ok).toBe(false);
    }
  });

  it("names look-alike headers when the expected one is missing, never their values", () => {
    const result = verifySecret(
      new Headers({ "x-posthog-token": "s3cret-value", authorization: "Bearer s3cret-value", "content-type": "application/json" }),
      ["s3cret-value"],
    );
    expect(result).toEqual({ ok: false, reason: "missing", lookalikes: ["authorization", "x-posthog-token"] });
  });

  it("names at most five look-alikes, each bounded, so a hostile body can't inflate the answer", () => {
    const body = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`secret${"x".repeat(10_000)}${i}`, 1]));
    const found = lookalikeFields(new URL("https://x.test/api"), body);
    expect(found).toHaveLength(5);
    expect(found.every((name) => name.length < 100)).toBe(true);
  });

  it("finds a secret put in the query string or the body", () => {
    expect(lookalikeFields(new URL("https://x.test/api?secret=abc&page=2"), { token: "abc", event: {} })).toEqual([
      'query parameter "secret"',
      'body field "token"',
    ]);
  });
});
