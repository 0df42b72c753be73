import { ApiError, jsonResponse } from "@/lib/http/api-error";
import { readBodyBytes } from "@/lib/http/read-body";
import { CaptureEventSchema, distinctIdOf, type CaptureEvent } from "./capture-event";
import { decodeCaptureBody, MAX_DECODED_BYTES } from "./decode-capture-body";
import { ingestEvent } from "./ingest-event";
import type { PersonStore } from "./person-store";
import { CAPTURE_OK, flagsResponse, remoteConfig, remoteConfigScript, STATIC_SCRIPT } from "./standin-responses";
import { deliverEvents, type DefaultWebhookBody, type DeliveryOptions } from "./webhook-delivery";

/**
 * The local PostHog stand-in (CONTRACT §1, wire protocol): answers posthog-js at `/standin/*` when no real
 * PostHog project is configured, and hands each event to the app's webhook the way PostHog cloud would.
 * A plain function of a Request, so tests drive it without Next.
 */

export const STANDIN_PREFIX = "/standin";

export type StandinDeps = {
  /** POSTHOG_KEY; when set, the stand-in is off so production can never talk to it by accident. */
  posthogKey: string | null;
  uiHost: string;
  webhookUrl: string;
  secret: string | null;
  persons: PersonStore;
  now?: () => Date;
  deliver?: (bodies: DefaultWebhookBody[], options: DeliveryOptions) => Promise<unknown>;
};

export type StandinOutcome = { response: Response; afterResponse?: () => Promise<void> };

const CAPTURE_PATHS = new Set(["e", "i/v0/e", "batch", "capture", "track", "engage"]);
const RECORDING_PATHS = new Set(["s", "i/v0/s"]);
const FLAGS_PATHS = new Set(["flags", "decide"]);
const MAX_LISTED_ISSUES = 10;

const script = (body: string) =>
  new Response(body, {
    status: 200,
    headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-store" },
  });

function subPath(url: URL): string {
  const path = url.pathname.startsWith(STANDIN_PREFIX) ? url.pathname.slice(STANDIN_PREFIX.length) : url.pathname;
  return path.replace(/^\/+|\/+$/g, "");
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Bounded read: a body is refused as soon as it passes the limit, never buffered whole first. */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  try {
    return await readBodyBytes(request, maxBytes);
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) return null;
    throw error;
  }
}

function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin) return {};
  return { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin" };
}

function preflight(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": request.headers.get("access-control-request-headers") ?? "Content-Type",
      "access-control-max-age": "86400",
    },
  });
}

const disabled = () =>
  new ApiError(
    404,
    "standin_disabled",
    "The local PostHog stand-in is off because POSTHOG_KEY is set: events go to your PostHog project.",
    "Point posthog-js' api_host at PostHog (or your reverse proxy), or unset POSTHOG_KEY in development to use the stand-in.",
  ).toResponse();

const unknownPath = (path: string) =>
  new ApiError(
    404,
    "unknown_standin_path",
    `The local PostHog stand-in has no endpoint at ${STANDIN_PREFIX}/${path}.`,
    "It answers posthog-js' /e/, /i/v0/e/, /batch/, /s/, /flags/, /decide/, /array/<token>/config(.js) and /static/*.js.",
  ).toResponse();

/** Validates every event before any is ingested: like PostHog's capture, one bad event refuses the batch. */
function validateEvents(raw: unknown[], isEngage: boolean): CaptureEvent[] | ApiError {
  const events: CaptureEvent[] = [];
  const issues: string[] = [];
  raw.forEach((item, index) => {
    // `/engage/` (people updates from old posthog-js) carries `$set` without an event name; PostHog calls it $identify.
    const candidate =
      isEngage && typeof item === "object" && item !== null && !("event" in item) ? { ...item, event: "$identify" } : item;
    const parsed = CaptureEventSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(`events[${index}].${issue.path.join(".") || "(root)"}: ${issue.message}`);
    } else if (distinctIdOf(parsed.data) === null) {
      issues.push(`events[${index}]: has no distinct_id (top level or in properties)`);
    } else {
      events.push(parsed.data);
    }
  });
  if (issues.length === 0) return events;
  return new ApiError(
    400,
    "invalid_event",
    `${issues.length} problem(s) in the captured events: ${issues.slice(0, MAX_LISTED_ISSUES).join("; ")}`,
    "Each event needs an `event` name and a distinct_id; send them the way posthog-js does.",
    { issues: issues.slice(0, MAX_LISTED_ISSUES) },
  );
}

async function capture(request: Request, url: URL, path: string, deps: StandinDeps): Promise<StandinOutcome> {
  const body = request.method === "GET" ? new Uint8Array() : await readBody(request, MAX_DECODED_BYTES);
  if (body === null) {
    const error = new ApiError(
      413,
      "payload_too_large",
      `The capture body is larger than ${MAX_DECODED_BYTES} bytes.`,
      "Send fewer events per batch; posthog-js batches stay far below this.",
    );
    return { response: error.toResponse() };
  }
  const decoded = decodeCaptureBody({ body, contentType: request.headers.get("content-type"), query: url.searchParams });
  if (!decoded.ok) {
    const { status, code, message, hint } = decoded.error;
    return { response: new ApiError(status, code, message, hint).toResponse() };
  }

  const events = validateEvents(decoded.events, path === "engage");
  if (events instanceof ApiError) return { response: events.toResponse() };

  const now = (deps.now ?? (() => new Date()))();
  const sentAt = decoded.sentAt ?? url.searchParams.get("sent_at") ?? url.searchParams.get("_");
  const bodies = events.map((event) => ingestEvent(event, { persons: deps.persons, uiHost: deps.uiHost, now, sentAt }));

  // Exactly 200 {"status":1}: anything else that is not a 4xx makes posthog-js retry the batch.
  const response = jsonResponse(CAPTURE_OK);
  if (bodies.length === 0) return { response };
  const deliver = deps.deliver ?? deliverEvents;
  return {
    response,
    afterResponse: async () => {
      await deliver(bodies, { webhookUrl: deps.webhookUrl, secret: deps.secret });
    },
  };
}

async function route(request: Request, deps: StandinDeps): Promise<StandinOutcome> {
  if (deps.posthogKey !== null) return { response: disabled() };
  if (request.method === "OPTIONS") return { response: preflight(request) };

  const url = new URL(request.url);
  const path = subPath(url);
  if (CAPTURE_PATHS.has(path)) return capture(request, url, path, deps);
  // Recordings are off in the remote config; anything still sent is accepted and dropped so nothing retries.
  if (RECORDING_PATHS.has(path)) return { response: jsonResponse(CAPTURE_OK) };
  if (FLAGS_PATHS.has(path)) return { response: jsonResponse(flagsResponse()) };

  const config = /^array\/([^/]+)\/config(\.js)?$/.exec(path);
  if (config) {
    const token = decodeSegment(config[1]!);
    return { response: config[2] ? script(remoteConfigScript(token)) : jsonResponse(remoteConfig(token)) };
  }
  if (/^static\/.+\.js$/.test(path)) return { response: script(STATIC_SCRIPT) };
  return { response: unknownPath(path) };
}

export async function handleStandinRequest(request: Request, deps: StandinDeps): Promise<StandinOutcome> {
  const outcome = await route(request, deps);
  for (const [name, value] of Object.entries(corsHeaders(request))) outcome.response.headers.set(name, value);
  return outcome;
}
