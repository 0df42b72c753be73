import { MAX_JSON_DEPTH, nestsDeeperThan } from "@/lib/http/json-depth";
import { gunzipSync } from "node:zlib";

/**
 * Decodes what posthog-js sends to the capture endpoints (CONTRACT §1, wire protocol): gzip (recognised by its
 * magic bytes, since newer posthog-js no longer says so in the query), a form body `data=<base64>` (sendBeacon
 * and the base64 fallback), or plain JSON; holding one event, an array, or `{ api_key, batch, sent_at }`.
 */

/** Decompressed bodies above this are refused: a few kilobytes of gzip can expand to gigabytes. */
export const MAX_DECODED_BYTES = 5 * 1024 * 1024;

export type DecodeError = { status: 400 | 413; code: string; message: string; hint: string };

export type DecodedCapture = { ok: true; events: unknown[]; sentAt: string | null } | { ok: false; error: DecodeError };

export type CaptureBodyInput = {
  body: Uint8Array;
  contentType: string | null;
  /** The request's query: carries `data=` on GET captures and `compression=` on older posthog-js. */
  query: URLSearchParams;
  maxBytes?: number;
};

const fail = (status: 400 | 413, code: string, message: string, hint: string): { ok: false; error: DecodeError } => ({
  ok: false,
  error: { status, code, message, hint },
});

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

const tooLarge = (maxBytes: number) =>
  fail(
    413,
    "payload_too_large",
    `The capture body is larger than ${maxBytes} bytes once decoded.`,
    "Send fewer events per batch; posthog-js batches stay far below this.",
  );

function gunzip(bytes: Uint8Array, maxBytes: number): Uint8Array | { ok: false; error: DecodeError } {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return tooLarge(maxBytes);
    return fail(400, "invalid_gzip", "The body starts like gzip (1f 8b) but does not decompress.", "Send a complete gzip stream, or plain JSON.");
  }
}

function decodeBase64(value: string): string | null {
  // URLSearchParams turns a literal `+` into a space; url-safe base64 uses `-` and `_`.
  const normalised = value.replace(/[\s]/g, (char) => (char === " " ? "+" : "")).replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalised)) return null;
  return Buffer.from(normalised, "base64").toString("utf8");
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  // Deeper than any posthog-js event: refusing it keeps the later JSON.stringify from overflowing the stack.
  return nestsDeeperThan(value, MAX_JSON_DEPTH) ? { ok: false } : { ok: true, value };
}

const looksLikeJson = (text: string) => /^\s*[[{]/.test(text);

/** The JSON text inside a `data=` form value: base64 (posthog-js) or, from hand-written clients, raw JSON. */
function textFromData(data: string, compression: string | null): string | { ok: false; error: DecodeError } {
  if (compression === "lz64") {
    return fail(
      400,
      "unsupported_compression",
      "lz64 compression is not supported by the local stand-in.",
      "Upgrade posthog-js (current versions send gzip or base64), or set disable_compression: true.",
    );
  }
  if (looksLikeJson(data)) return data;
  const decoded = decodeBase64(data);
  if (decoded === null) {
    return fail(400, "invalid_base64", "The `data` field is neither JSON nor base64.", "Send `data=<base64 of the JSON events>`, as posthog-js does.");
  }
  return decoded;
}

function eventsFromPayload(payload: unknown): DecodedCapture {
  if (Array.isArray(payload)) return { ok: true, events: payload, sentAt: null };
  if (typeof payload === "object" && payload !== null) {
    const record = payload as Record<string, unknown>;
    if ("batch" in record) {
      if (!Array.isArray(record.batch)) {
        return fail(400, "invalid_batch", "`batch` must be an array of events.", 'Send `{ "batch": [ { "event": "...", ... } ] }`.');
      }
      const sentAt = typeof record.sent_at === "string" ? record.sent_at : null;
      return { ok: true, events: record.batch, sentAt };
    }
    return { ok: true, events: [record], sentAt: null };
  }
  return fail(400, "invalid_payload", "The body must hold an event object, an array of events, or { batch: [...] }.", "Send events the way posthog-js does.");
}

export function decodeCaptureBody({ body, contentType, query, maxBytes = MAX_DECODED_BYTES }: CaptureBodyInput): DecodedCapture {
  if (body.length > maxBytes) return tooLarge(maxBytes);

  let bytes = body;
  if (isGzip(bytes)) {
    const unzipped = gunzip(bytes, maxBytes);
    if (!(unzipped instanceof Uint8Array)) return unzipped;
    bytes = unzipped;
  }

  let text = new TextDecoder().decode(bytes);
  let compression = query.get("compression");

  if (text.trim() === "" && query.has("data")) {
    // A GET capture (image beacon) carries its payload in the query.
    const fromQuery = textFromData(query.get("data") ?? "", compression);
    if (typeof fromQuery !== "string") return fromQuery;
    text = fromQuery;
  } else if (/^\s*data=/.test(text) || contentType?.toLowerCase().includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    const data = form.get("data");
    if (data === null) {
      return fail(400, "missing_data", "The form body has no `data` field.", "Send `data=<base64 of the JSON events>`, as posthog-js does.");
    }
    compression = form.get("compression") ?? compression;
    const fromForm = textFromData(data, compression);
    if (typeof fromForm !== "string") return fromForm;
    text = fromForm;
  } else if (!looksLikeJson(text) && compression === "base64") {
    const decoded = decodeBase64(text.trim());
    if (decoded !== null) text = decoded;
  }

  if (text.trim() === "") {
    return fail(400, "empty_body", "The capture request has no body.", "POST the events as JSON, gzip, or a `data=` form.");
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return fail(400, "invalid_json", "The capture body is not valid JSON once decoded.", "Send JSON events, gzip-compressed JSON, or `data=<base64 JSON>`.");
  }
  return eventsFromPayload(parsed.value);
}
