import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { startAppServer } from "./harness/app-server";
import { pool } from "./harness/deliveries";
import { fixture, WEBHOOK_SECRET } from "./support";

/**
 * Reliability: 10,000 generated malformed webhook requests all get a 4xx with a JSON error (never a 5xx),
 * the server keeps answering, and its memory stays flat.
 */
const COUNT = 10_000;
const CAP = 64 * 1024;

type BadRequest = { kind: string; body: Uint8Array | string; contentType: string; secret: string | null };

const valid = fixture("posthog/webhook-default-click.json");
const validText = JSON.stringify(valid);
const notIso = fc.oneof(fc.string({ maxLength: 20 }).filter((s) => !Number.isFinite(Date.parse(s))), fc.integer(), fc.constant(null));
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
const contentType = fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "", "application/json; charset=latin1");
const withField = (path: string[], value: unknown) => {
  const copy = structuredClone(valid);
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path.at(-1)!] = value;
  return JSON.stringify(copy);
};

const badRequest: fc.Arbitrary<BadRequest> = fc.oneof(
  // Wrong types where the schema requires something specific.
  fc.record({ kind: fc.constant("wrong type: event.uuid"), body: notString.map((v) => withField(["event", "uuid"], v)), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  fc.record({ kind: fc.constant("wrong type: event.timestamp"), body: notIso.map((v) => withField(["event", "timestamp"], v)), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  fc.record({ kind: fc.constant("wrong type: properties"), body: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())).map((v) => withField(["event", "properties"], v)), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  fc.record({ kind: fc.constant("not an object"), body: fc.oneof(fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)).map((v) => JSON.stringify(v) ?? "null")), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  fc.record({ kind: fc.constant("unknown shape"), body: fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== "event" && k !== "batch" && k !== "__proto__"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map((v) => JSON.stringify(v)), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  fc.record({ kind: fc.constant("bad batch"), body: fc.oneof(fc.constant("[]"), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map((items) => JSON.stringify(items.map((x) => ({ event: x })))), fc.constant(JSON.stringify(Array.from({ length: 1001 }, () => ({})))).map((items) => `{"batch":${items}}`)).map((b) => (b.startsWith("{") ? b : `{"batch":${b}}`)), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  // Truncated JSON: any proper prefix of a JSON object is invalid.
  fc.record({ kind: fc.constant("truncated"), body: fc.integer({ min: 1, max: validText.length - 1 }).map((n) => validText.slice(0, n)), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  // Huge strings where the schema bounds them, and bodies over the cap.
  fc.record({ kind: fc.constant("huge event name"), body: fc.integer({ min: 401, max: 20_000 }).map((n) => withField(["event", "event"], "x".repeat(n))), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  fc.record({ kind: fc.constant("over the cap"), body: fc.integer({ min: CAP + 1, max: CAP * 3 }).map((n) => withField(["event", "properties", "$el_text"], "y".repeat(n))), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  // Deep nesting.
  fc.record({ kind: fc.constant("deep nesting"), body: fc.integer({ min: 65, max: 20_000 }).map((n) => `{"event":${"[".repeat(n)}${"]".repeat(n)}}`), contentType, secret: fc.constant(WEBHOOK_SECRET) }),
  // Invalid UTF-8: a valid body with a broken byte sequence spliced in.
  fc.record({
    kind: fc.constant("invalid utf-8"),
    body: fc.tuple(fc.integer({ min: 1, max: validText.length - 1 }), fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80])).map(([at, bytes]) => {
      const text = Buffer.from(validText);
      return Uint8Array.from([...text.subarray(0, at), ...bytes, ...text.subarray(at)]);
    }),
    contentType,
    secret: fc.constant(WEBHOOK_SECRET),
  }),
  // Valid body, wrong or missing secret.
  fc.record({ kind: fc.constant("bad secret"), body: fc.constant(validText), contentType, secret: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 }).filter((s) => s.trim() !== WEBHOOK_SECRET && /^[\x21-\x7e]*$/.test(s))) }),
);

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

test(`${COUNT} malformed webhook requests all get a 4xx with a JSON error, and memory stays flat`, async () => {
  test.setTimeout(240_000);
  const server = await startAppServer({ WEBHOOK_MAX_BODY_BYTES: String(CAP) });
  try {
    const send = (request: BadRequest) => async () => {
      const response = await fetch(`${server.url}/api/webhooks/posthog`, {
        method: "POST",
        headers: {
          ...(request.contentType ? { "content-type": request.contentType } : {}),
          ...(request.secret !== null ? { "x-posthog-secret": request.secret } : {}),
        },
        body: request.body as BodyInit,
      });
      const text = await response.text();
      let code: unknown = null;
      try {
        const body = JSON.parse(text);
        if (typeof body.error?.message === "string" && typeof body.error?.hint === "string") code = body.error.code;
      } catch {
        // Not JSON: reported below.
      }
      return { kind: request.kind, status: response.status, code, text: text.slice(0, 200) };
    };

    // RSS is sampled after each fifth of the run. V8 grows its heap lazily at first, so "flat" means the
    // second half adds (almost) nothing: a leak would keep growing with every batch.
    const requests = fc.sample(badRequest, { numRuns: COUNT, seed: 42 });
    const results: Awaited<ReturnType<ReturnType<typeof send>>>[] = [];
    const rss: number[] = [];
    for (let part = 0; part < 5; part++) {
      const slice = requests.slice((part * COUNT) / 5, ((part + 1) * COUNT) / 5);
      results.push(...(await pool(slice.map(send), 20)));
      rss.push(rssKb(server.process.pid!));
    }

    const wrong = results.filter((result) => result.status < 400 || result.status >= 500 || result.code === null);
    expect(wrong.slice(0, 10), `${wrong.length} requests did not get a 4xx with a JSON error`).toEqual([]);
    const kinds = new Set(results.map((result) => result.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(12);

    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    console.log(`RSS after each ${COUNT / 5} bad requests (MB): ${rss.map((kb) => Math.round(kb / 1024)).join(", ")}`);
    expect(rss[4]! - rss[2]!, "RSS growth over the last 4,000 requests, in KB").toBeLessThan(32 * 1024);
  } finally {
    await server.stop();
  }
});
