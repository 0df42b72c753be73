import { z } from "zod";

/**
 * One event as posthog-js POSTs it to `/e/` (see fixtures/posthog-js/capture-1.449.2.jsonl). posthog-js puts
 * `distinct_id` inside `properties` and `$set_once` at the top level; PostHog's capture accepts both places
 * for either, and so does this. Unknown keys pass through: posthog-js adds fields in every release.
 */

const Properties = z.record(z.string(), z.unknown());
const DistinctId = z.union([z.string().trim().min(1).max(400), z.number()]).transform(String);

export const CaptureEventSchema = z.looseObject({
  uuid: z.uuid("must be a UUID such as the ones posthog-js generates").optional(),
  event: z.string().min(1, "must not be empty").max(400),
  distinct_id: DistinctId.optional(),
  /** `/engage/` and some older SDKs name it this way. */
  $distinct_id: DistinctId.optional(),
  properties: Properties.nullish().transform((value) => value ?? {}),
  /** ISO 8601 from the client's clock; corrected for skew with the batch's `sent_at`. */
  timestamp: z.string().max(64).optional(),
  /** Milliseconds before sending that the event happened (an alternative to timestamp some SDKs use). */
  offset: z.number().optional(),
  $set: Properties.optional(),
  $set_once: Properties.optional(),
});
export type CaptureEvent = z.infer<typeof CaptureEventSchema>;

/** The distinct id PostHog's capture reads: top level first, then the properties posthog-js fills. */
export function distinctIdOf(event: CaptureEvent): string | null {
  const candidates = [event.distinct_id, event.$distinct_id, event.properties.distinct_id, event.properties.$distinct_id];
  for (const candidate of candidates) {
    if (typeof candidate === "number") return String(candidate);
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate;
  }
  return null;
}
