import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The three body shapes a PostHog HTTP Webhook destination can deliver (CONTRACT §2), and the one event
 * shape the rest of the pipeline sees. Unknown keys are allowed everywhere: PostHog adds fields over time.
 */

const Text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
// Checked for shape only: a record schema would copy every property of every event, and the normaliser reads
// just the few it needs, each defensively.
const Properties = z.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "must be a JSON object",
);

const Timestamp = z
  .string()
  .max(64)
  .refine((value) => Number.isFinite(Date.parse(value)), "must be an ISO 8601 date-time such as 2026-11-20T14:02:19.004Z");

// posthog-node and some SDKs send numeric distinct ids.
const DistinctId = z.union([Text(400), z.number()]).transform(String);

export const DefaultBodySchema = z.looseObject({
  event: z.looseObject({
    uuid: Text(200).min(1, "must not be empty"),
    event: Text(400).min(1, "must not be empty"),
    distinct_id: DistinctId.nullish(),
    properties: Properties.nullish(),
    elements_chain: z.string().nullish(),
    timestamp: Timestamp,
    url: z.string().nullish(),
  }),
  person: z
    .looseObject({
      id: z.string().nullish(),
      properties: Properties.nullish(),
      name: z.string().nullish(),
      url: z.string().nullish(),
    })
    .nullish(),
});

/** The flat object Autoplay's Quickstart Hog source POSTs. */
export const FlatBodySchema = z.looseObject({
  event: Text(400).min(1, "must not be empty"),
  timestamp: Timestamp,
  distinct_id: DistinctId.nullish(),
  session_id: Text(400).nullish(),
  current_url: z.string().nullish(),
  referrer: z.string().nullish(),
  email: z.string().nullish(),
  element_id: z.string().nullish(),
  event_type: Text(100).nullish(),
  elements_chain: z.string().nullish(),
  input_field_name: z.string().nullish(),
  link_destination: z.string().nullish(),
  button_or_link_text: z.string().nullish(),
});

export const MAX_BATCH_EVENTS = 1_000;

export const BatchBodySchema = z.looseObject({
  batch: z
    .array(
      z.looseObject({
        uuid: Text(200).nullish(),
        event: Text(400).min(1, "must not be empty"),
        timestamp: Timestamp,
        distinct_id: DistinctId.nullish(),
        properties: Properties.nullish(),
        elements_chain: z.string().nullish(),
      }),
    )
    .min(1, "must hold at least one event")
    .max(MAX_BATCH_EVENTS, `must hold at most ${MAX_BATCH_EVENTS} events; split larger batches`),
});

export type BodyShape = "default" | "autoplay_flat" | "batch";

/** One event, whatever shape it arrived in. */
export type IncomingEvent = {
  /** Idempotency key: PostHog's uuid, or a stable hash of the event when the shape carries none. */
  uuid: string;
  event: string;
  distinct_id: string | null;
  properties: Record<string, unknown>;
  elements_chain: string;
  /** Unix seconds, fractional. */
  timestamp: number;
  person_properties: Record<string, unknown> | null;
};

const seconds = (iso: string) => Date.parse(iso) / 1000;

// A retry resends identical bytes, so hashing the event as received gives the same key every time.
const stableId = (value: unknown) => `sha256:${createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32)}`;

export function detectShape(body: unknown): BodyShape | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  if ("batch" in record) return "batch";
  if (typeof record.event === "object" && record.event !== null) return "default";
  if (typeof record.event === "string") return "autoplay_flat";
  return null;
}

export function fromDefaultBody(body: z.infer<typeof DefaultBodySchema>): IncomingEvent[] {
  const { event, person } = body;
  return [
    {
      uuid: event.uuid,
      event: event.event,
      distinct_id: event.distinct_id ?? null,
      properties: event.properties ?? {},
      elements_chain: event.elements_chain ?? "",
      timestamp: seconds(event.timestamp),
      person_properties: person?.properties ?? null,
    },
  ];
}

export function fromFlatBody(body: z.infer<typeof FlatBodySchema>): IncomingEvent[] {
  // Map Autoplay's flat names back onto posthog-js property names so one normaliser serves every shape.
  const properties: Record<string, unknown> = {
    $session_id: body.session_id || undefined,
    $current_url: body.current_url || undefined,
    $referrer: body.referrer || undefined,
    $event_type: body.event_type || undefined,
    $el_text: body.button_or_link_text || undefined,
    email: body.email || undefined,
    element_id: body.element_id || undefined,
    input_field_name: body.input_field_name || undefined,
    link_destination: body.link_destination || undefined,
  };
  return [
    {
      uuid: stableId(body),
      event: body.event,
      distinct_id: body.distinct_id ?? null,
      properties,
      elements_chain: body.elements_chain ?? "",
      timestamp: seconds(body.timestamp),
      person_properties: null,
    },
  ];
}

export function fromBatchBody(body: z.infer<typeof BatchBodySchema>): IncomingEvent[] {
  return body.batch.map((item) => {
    const properties = item.properties ?? {};
    const chain = item.elements_chain ?? (typeof properties.$elements_chain === "string" ? properties.$elements_chain : "");
    return {
      uuid: item.uuid || stableId(item),
      event: item.event,
      distinct_id: item.distinct_id ?? null,
      properties,
      elements_chain: chain,
      timestamp: seconds(item.timestamp),
      person_properties: null,
    };
  });
}
