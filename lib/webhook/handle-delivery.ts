import type { z } from "zod";
import { ApiError, jsonResponse } from "../http/api-error";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../http/json-depth";
import { readBodyText } from "../http/read-body";
import { normalizeEvent } from "../posthog/normalize-event";
import { urlRedactorFor } from "../privacy/redact-url-secrets";
import {
  BatchBodySchema,
  DefaultBodySchema,
  detectShape,
  FlatBodySchema,
  fromBatchBody,
  fromDefaultBody,
  fromFlatBody,
  type BodyShape,
  type IncomingEvent,
} from "../posthog/webhook-body";
import type { ActivityStore, SessionEvent, SkippedEvent } from "../store/activity-store";
import { StoreUnavailableError } from "../store/store-unavailable-error";
import { TEST_DELIVERY_HEADER, type DeliveryLogEntry } from "./delivery-log-entry";
import { lookalikeFields, SECRET_HEADER, verifySecret, type HeaderReader } from "./verify-secret";

export type DeliveryDeps = {
  store: ActivityStore;
  secrets: readonly string[];
  maxBodyBytes: number;
  productId: string;
  /** Query parameters whose values never reach the store (REDACT_URL_PARAMS). */
  secretUrlParams: readonly string[];
};

export type DeliveryResult = {
  shape: BodyShape;
  /** Actions stored. */
  accepted: number;
  /** Events already received before (PostHog retries resend them). */
  duplicates: number;
  /** Events that made no action, by reason. */
  skipped: Record<string, number>;
};

const SHAPES = "PostHog's default webhook body {\"event\": {...}, \"person\": {...}}, Autoplay's flat body {\"event\": \"$autocapture\", \"session_id\": ..., ...}, or {\"batch\": [...]}";

/** The parts of a request the pipeline reads, so any server can feed it without building a web Request. */
export type DeliveryInput = {
  headers: HeaderReader;
  url: string;
  /** The body as UTF-8 text whatever its Content-Type, refused (413) past `limit` bytes. */
  readText: (limit: number) => Promise<string>;
};

export type DeliveryAnswer = { status: number; body: unknown; headers: Record<string, string> };

/** `POST /api/webhooks/posthog` for a web Request, as the route handler runs it. */
export async function handleDelivery(request: Request, deps: DeliveryDeps): Promise<Response> {
  const answer = await processDelivery(
    { headers: request.headers, url: request.url, readText: (limit) => readBodyText(request, limit) },
    deps,
  );
  return jsonResponse(answer.body, answer.status, answer.headers);
}

/**
 * The webhook pipeline: secret first (headers only, before the body is trusted), then the raw text, JSON,
 * the body's shape, and finally the store. Errors a sender can cause come back as 4xx JSON that PostHog's
 * destination logs show verbatim; every request, accepted or refused, lands in the delivery log.
 */
export async function processDelivery(input: DeliveryInput, deps: DeliveryDeps): Promise<DeliveryAnswer> {
  const started = performance.now();
  const seen: Seen = { shape: null, events: 0 };
  let answer: DeliveryAnswer;
  let entry: Omit<DeliveryLogEntry, "id" | "received_at" | "duration_ms" | "test">;
  try {
    const result = await deliver(input, deps, seen);
    answer = { status: 200, body: result, headers: {} };
    entry = { status: 200, ...seen, ...result, error_code: null, reason: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // A JSON parser's message quotes the body it choked on, which may hold a URL with a password in it; the
    // answer lands in PostHog's destination logs and the reason on the Connect page.
    const reason = urlRedactorFor(deps.secretUrlParams)(error.message);
    const body = error.toBody();
    answer = { status: error.status, body: { error: { ...body.error, message: reason } }, headers: error.headers };
    entry = { status: error.status, ...seen, accepted: 0, duplicates: 0, skipped: {}, error_code: error.code, reason };
  }
  const now = Date.now();
  await deps.store
    .logDelivery({
      id: `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      received_at: now / 1000,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      test: input.headers.get(TEST_DELIVERY_HEADER) === "1",
      ...entry,
    })
    // The log is a convenience: failing to write it must not turn an accepted delivery into an error.
    .catch((error: unknown) => console.warn("could not log a webhook delivery", error));
  return answer;
}

/** What was learnt about a request before it failed, for the delivery log. */
type Seen = { shape: BodyShape | null; events: number };

async function deliver(input: DeliveryInput, deps: DeliveryDeps, seen: Seen): Promise<DeliveryResult> {
  if (deps.secrets.length === 0) {
    throw new ApiError(
      503,
      "not_configured",
      "This receiver has no webhook secret configured, so it accepts no deliveries.",
      "Set POSTHOG_WEBHOOK_SECRET on the app and the same value in the destination's X-PostHog-Secret header.",
    );
  }

  const secret = verifySecret(input.headers, deps.secrets);
  const text = await input.readText(deps.maxBodyBytes);
  if (!secret.ok) throw secretError(secret, input.url, text);

  const body = parseJson(text);
  const shape = detectShape(body);
  seen.shape = shape;
  const events = toEvents(body, shape);
  seen.events = events.length;
  return { shape: shape!, ...(await ingest(events, deps)) };
}

/** A store outage is the receiver's problem, not the sender's: 503 + Retry-After, so PostHog tries again. */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw new ApiError(
      503,
      "store_unavailable",
      "The receiver's store is unavailable right now; nothing from this delivery was acknowledged.",
      "Retry shortly: PostHog retries 503 responses on its own.",
      undefined,
      { "retry-after": "2" },
    );
  }
}

function secretError(check: Extract<ReturnType<typeof verifySecret>, { ok: false }>, url: string, text: string): ApiError {
  if (check.reason === "mismatch") {
    return new ApiError(
      401,
      "secret_mismatch",
      `The ${SECRET_HEADER} header does not match any secret this app accepts.`,
      "Copy the secret from the app's POSTHOG_WEBHOOK_SECRET into the destination's headers exactly, with no quotes or spaces.",
    );
  }
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Unparseable bodies can't hold a misplaced secret field; the 401 still says what was expected.
  }
  const found = [...check.lookalikes.map((name) => `header "${name}"`), ...lookalikeFields(new URL(url), body)];
  return new ApiError(
    401,
    "secret_missing",
    found.length > 0
      ? `Expected the secret in the ${SECRET_HEADER} header, but found only ${found.join(", ")}.`
      : `Expected the secret in the ${SECRET_HEADER} header, and the request has none.`,
    `In the PostHog destination's "Headers", add ${SECRET_HEADER} with the value of POSTHOG_WEBHOOK_SECRET.`,
    found.length > 0 ? { found } : undefined,
  );
}

function parseJson(text: string): unknown {
  if (text.trim() === "") {
    throw new ApiError(400, "empty_body", "The request body is empty.", `Send ${SHAPES}.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      "invalid_json",
      `The body is not valid JSON: ${(error as Error).message}`,
      "Check the destination's body template: it must produce valid JSON, e.g. {\"event\": \"{event}\", \"person\": \"{person}\"}.",
    );
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new ApiError(
      400,
      "nested_too_deep",
      `The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`,
      "PostHog's bodies nest a few levels; check what the destination's body template produces.",
    );
  }
  return body;
}

function validate<T>(schema: z.ZodType<T>, body: unknown, shape: BodyShape): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
  throw new ApiError(
    400,
    "invalid_body",
    `The body looks like ${shape === "default" ? "PostHog's default webhook body" : shape === "batch" ? "a batch" : "Autoplay's flat body"} but ${issues.length === 1 ? "a field is" : "some fields are"} invalid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}.`,
    "Fix the listed fields in the destination's body template, or reset it to PostHog's default.",
    { shape, issues },
  );
}

function toEvents(body: unknown, shape: BodyShape | null): IncomingEvent[] {
  switch (shape) {
    case "default":
      return fromDefaultBody(validate(DefaultBodySchema, body, shape));
    case "autoplay_flat":
      return fromFlatBody(validate(FlatBodySchema, body, shape));
    case "batch":
      return fromBatchBody(validate(BatchBodySchema, body, shape));
    case null:
      throw new ApiError(400, "unknown_shape", "The body is JSON but not a shape this receiver understands.", `Send ${SHAPES}.`);
  }
}

async function ingest(events: IncomingEvent[], deps: DeliveryDeps): Promise<Omit<DeliveryResult, "shape">> {
  const sessionEvents: SessionEvent[] = [];
  const skips: (SkippedEvent | null)[] = [];
  const unsessioned: SkippedEvent[] = [];
  const redact = urlRedactorFor(deps.secretUrlParams);
  for (const event of events) {
    const normalized = normalizeEvent(event, deps.productId, redact);
    if (normalized.kind === "skipped") unsessioned.push(normalized.skip);
    else {
      sessionEvents.push(normalized.event);
      skips.push(
        normalized.skip === null
          ? null
          : { reason: normalized.skip, event: event.event.slice(0, 200), distinct_id: event.distinct_id, timestamp: event.timestamp },
      );
    }
  }

  const outcomes = await storeCall(() => deps.store.record(sessionEvents));
  const skipped: Record<string, number> = {};
  const noted: SkippedEvent[] = [...unsessioned];
  let accepted = 0;
  let duplicates = 0;
  outcomes.forEach((outcome, i) => {
    const skip = skips[i];
    if (outcome === "duplicate") duplicates++;
    else if (skip) noted.push(skip);
    else accepted++;
  });
  for (const skip of noted) skipped[skip.reason] = (skipped[skip.reason] ?? 0) + 1;
  if (noted.length > 0) {
    if (sessionEvents.length === 0) await storeCall(() => deps.store.noteSkipped(noted));
    else {
      // The events are stored: a 503 now would make PostHog's retry count them all as duplicates. The notes
      // are only counters for the dashboard, and this answer carries the same counts.
      await deps.store
        .noteSkipped(noted)
        .catch((error: unknown) => console.warn(`could not note ${noted.length} skipped events of a stored delivery`, error));
    }
  }
  return { accepted, duplicates, skipped };
}
