import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_URL_CHARS, canonicalUrl, isIdSegment, pathOf } from "./canonical-url";

describe("canonicalUrl", () => {
  it.each([
    ["https://app.example.com/projects/4821?tab=settings", "https://app.example.com/projects/:id"],
    ["https://app.example.com/projects/4821/reports#top", "https://app.example.com/projects/:id/reports"],
    ["https://APP.Example.com:443/Projects/", "https://app.example.com/Projects"],
    ["http://localhost:3000/", "http://localhost:3000/"],
    ["http://localhost:80", "http://localhost/"],
    ["https://ada:secret@app.example.com/x", "https://app.example.com/x"],
    ["https://app.example.com/orders/0b6c7a1e-3f2d-4e5a-9b8c-1d2e3f4a5b6c/items/7", "https://app.example.com/orders/:id/items/:id"],
    ["https://app.example.com/commits/9f86d081884c7d65", "https://app.example.com/commits/:id"],
    ["https://app.example.com/customers/cus_NffrFeUfNV2Hib", "https://app.example.com/customers/:id"],
    ["https://app.example.com/users/user_2f9a81/settings", "https://app.example.com/users/:id/settings"],
    ["https://app.example.com/s/V1StGXR8_Z5jdHi6B-myT", "https://app.example.com/s/:id"],
    ["https://app.example.com/docs/cjld2cjxh0000qzrmn831i7rn", "https://app.example.com/docs/:id"],
    ["https://app.example.com/people/ada%40example.com", "https://app.example.com/people/:id"],
    ["//cdn.example.com/a/12?x=1", "//cdn.example.com/a/:id"],
  ])("%s → %s", (raw, expected) => {
    expect(canonicalUrl(raw)).toBe(expected);
  });

  it("keeps ordinary slugs", () => {
    const slugs = ["projects", "new", "release-notes", "v2", "2fa", "settings", "user_settings", "deadbeefcafe",
      "release-notes-2024", "oauth2", "index.html", "top-10-tips", "ERR_NETWORK_CHANGED"];
    for (const slug of slugs) {
      expect(isIdSegment(slug), slug).toBe(false);
      expect(canonicalUrl(`https://a.example/${slug}`)).toBe(`https://a.example/${slug}`);
    }
  });

  it("gives path-only inputs a path-only result", () => {
    expect(canonicalUrl("/projects/42")).toBe("/projects/:id");
    expect(canonicalUrl("  /projects/42/?q=1#x ")).toBe("/projects/:id");
    expect(canonicalUrl("/")).toBe("/");
    expect(canonicalUrl("projects/42")).toBe("projects/:id");
    expect(canonicalUrl("localhost:3000/projects/42")).toBe("localhost:3000/projects/:id");
  });

  it("returns garbage trimmed and bounded, without throwing", () => {
    expect(canonicalUrl("")).toBe("");
    expect(canonicalUrl("  not a url  ")).toBe("not a url");
    expect(canonicalUrl("http://exa mple.com")).toBe("http://exa mple.com");
    expect(canonicalUrl("about:blank")).toBe("about:blank");
    expect(canonicalUrl(undefined as unknown as string)).toBe("");
    expect(canonicalUrl(`https://a.example/${"x".repeat(10_000)}`).length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(canonicalUrl(`/a/${"é".repeat(3_000)}`).length).toBeLessThanOrEqual(MAX_URL_CHARS);
  });

  it("pathOf gives the canonical path alone", () => {
    expect(pathOf("https://app.example.com/projects/4821?tab=1")).toBe("/projects/:id");
    expect(pathOf("https://app.example.com")).toBe("/");
    expect(pathOf("/projects/new")).toBe("/projects/new");
  });

  it("replaces every numeric segment and keeps every word", () => {
    const words = fc.array(fc.oneof(fc.nat().map(String), fc.stringMatching(/^[a-z]{1,10}$/)), { maxLength: 6 });
    fc.assert(
      fc.property(words, (segments) => {
        const expected = segments.map((s) => (/^\d+$/.test(s) ? ":id" : s));
        expect(canonicalUrl(`https://h.example/${segments.join("/")}?a=1`)).toBe(`https://h.example/${expected.join("/")}`);
      }),
      { numRuns: 300 },
    );
  });
});

const segment = fc.oneof(
  fc.constantFrom("projects", "new", "42", "0b6c7a1e-3f2d-4e5a-9b8c-1d2e3f4a5b6c", "cus_NffrFeUfNV2Hib", "", ".", "..",
    "%2e%2e", "a b", "é", "%zz", ":id", "?", "#", "\\", "%3F"),
  fc.string({ unit: "binary", maxLength: 12 }),
);
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.constantFrom("https://A.example.com", "http://h:80", "", "//h", "file://", "x-app://h"), fc.array(segment, { maxLength: 6 }))
    .map(([origin, segments]) => `${origin}/${segments.join("/")}`),
  fc.string({ unit: "binary" }),
);

describe("canonicalUrl properties", () => {
  it("never throws, is idempotent, keeps no query and stays bounded", () => {
    fc.assert(
      fc.property(url, (raw) => {
        const once = canonicalUrl(raw);
        expect(canonicalUrl(once)).toBe(once);
        expect(once.length).toBeLessThanOrEqual(MAX_URL_CHARS);
        expect(once).not.toMatch(/[?#]/);
      }),
      { numRuns: 1000 },
    );
  });

  it("replaces every numeric segment and keeps every word", () => {
    const words = fc.array(fc.oneof(fc.nat().map(String), fc.stringMatching(/^[a-z]{1,10}$/)), { maxLength: 6 });
    fc.assert(
      fc.property(words, (segments) => {
        const expected = segments.map((s) => (/^\d+$/.test(s) ? ":id" : s));
        expect(canonicalUrl(`https://h.example/${segments.join("/")}?a=1`)).toBe(`https://h.example/${expected.join("/")}`);
      }),
      { numRuns: 300 },
    );
  });
});
