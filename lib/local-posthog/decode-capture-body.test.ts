import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fixtureText } from "@/test/fixtures";
import { decodeCaptureBody, MAX_DECODED_BYTES } from "./decode-capture-body";

/** Four events exactly as posthog-js 1.449.2 sent them. */
const fixture = fixtureText("posthog-js/capture-1.449.2.jsonl")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

const utf8 = (text: string) => new TextEncoder().encode(text);
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const decode = (body: Uint8Array | string, options: { contentType?: string; query?: string } = {}) =>
  decodeCaptureBody({
    body: typeof body === "string" ? utf8(body) : body,
    contentType: options.contentType ?? null,
    query: new URLSearchParams(options.query ?? ""),
  });

const SENT_AT = "2026-11-26T07:08:15.300Z";
const batchBody = { api_key: "phc_local_test", batch: fixture, sent_at: SENT_AT };

describe("decodeCaptureBody", () => {
  it("reads a plain JSON array of events", () => {
    expect(decode(JSON.stringify(fixture), { contentType: "application/json" })).toEqual({ ok: true, events: fixture, sentAt: null });
  });

  it("reads a single event object", () => {
    expect(decode(JSON.stringify(fixture[2]))).toEqual({ ok: true, events: [fixture[2]], sentAt: null });
  });

  it("reads gzip by its magic bytes, with no compression hint in the query, and keeps sent_at", () => {
    const body = gzipSync(utf8(JSON.stringify(batchBody)));
    expect(decode(body, { contentType: "text/plain" })).toEqual({ ok: true, events: fixture, sentAt: SENT_AT });
  });

  it("ignores a gzip hint in the query when the body is not gzip", () => {
    expect(decode(JSON.stringify(batchBody), { query: "compression=gzip-js" })).toMatchObject({ ok: true, sentAt: SENT_AT });
  });

  it("reads a base64 form body the way posthog-js encodes it", () => {
    const body = `data=${encodeURIComponent(base64(JSON.stringify(batchBody)))}`;
    const decoded = decode(body, { contentType: "application/x-www-form-urlencoded", query: "compression=base64" });
    expect(decoded).toEqual({ ok: true, events: fixture, sentAt: SENT_AT });
  });

  it("tolerates url-safe base64 without padding, and `+` left unencoded in the form", () => {
    const json = JSON.stringify({ event: "é?>>", distinct_id: "d~~?" });
    const standard = base64(json);
    expect(standard).toMatch(/[+/]/);
    const urlSafe = standard.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(decode(`data=${urlSafe}`)).toEqual({ ok: true, events: [JSON.parse(json)], sentAt: null });
    expect(decode(`data=${standard}`)).toEqual({ ok: true, events: [JSON.parse(json)], sentAt: null });
  });

  it("reads a GET capture's `data=` query", () => {
    const query = `data=${encodeURIComponent(base64(JSON.stringify(fixture[0])))}&ver=1.449.2`;
    expect(decode(new Uint8Array(), { query })).toEqual({ ok: true, events: [fixture[0]], sentAt: null });
  });

  it("reads a body that is raw base64 when the query says compression=base64", () => {
    expect(decode(base64(JSON.stringify(fixture)), { query: "compression=base64" })).toMatchObject({ ok: true, events: fixture });
  });

  it("refuses a gzip bomb with 413 instead of inflating it", () => {
    const bomb = gzipSync(new Uint8Array(MAX_DECODED_BYTES + 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(decode(bomb)).toMatchObject({ ok: false, error: { status: 413, code: "payload_too_large" } });
  });

  it("refuses a raw body over the limit with 413", () => {
    const decoded = decodeCaptureBody({ body: new Uint8Array(101), contentType: null, query: new URLSearchParams(), maxBytes: 100 });
    expect(decoded).toMatchObject({ ok: false, error: { status: 413 } });
  });

  it.each([
    ["truncated gzip", gzipSync(utf8(JSON.stringify(fixture))).subarray(0, 40), "invalid_gzip"],
    ["not JSON", "{ nope", "invalid_json"],
    ["an empty body", "", "empty_body"],
    ["a batch that is not an array", JSON.stringify({ batch: { event: "x" } }), "invalid_batch"],
    ["a JSON string", JSON.stringify("hello"), "invalid_payload"],
    ["a form without data", "foo=bar", "missing_data"],
    ["data that is neither JSON nor base64", "data=%%%*not*base64", "invalid_base64"],
    ["lz64, which the stand-in cannot read", "data=N4Ig&compression=lz64", "unsupported_compression"],
  ])("answers 400 for %s", (_name, body, code) => {
    const decoded = decode(body, { contentType: typeof body === "string" && body.includes("=") ? "application/x-www-form-urlencoded" : undefined });
    expect(decoded).toMatchObject({ ok: false, error: { status: 400, code } });
    if (!decoded.ok) {
      expect(decoded.error.message).not.toBe("");
      expect(decoded.error.hint).not.toBe("");
    }
  });
});
