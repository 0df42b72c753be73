import { z } from "zod";
import { ActionTypeSchema } from "../autoplay/slim-action";

/**
 * An action as the store keeps it. `index`, `timestamp_end` and the identity fields of a SlimAction are
 * derived when read (see to-slim-actions.ts): events arrive out of order and a session can identify halfway,
 * so storing them would mean rewriting earlier actions on every arrival.
 */
export const StoredActionSchema = z.object({
  /** PostHog's `event.uuid` (or a stable hash of a flat delivery): the idempotency key. */
  event_id: z.string(),
  type: ActionTypeSchema,
  title: z.string(),
  description: z.string(),
  canonical_url: z.string(),
  raw_url: z.string(),
  /** Unix seconds, fractional. */
  timestamp: z.number(),
});
export type StoredAction = z.infer<typeof StoredActionSchema>;

/** Orders actions by when they happened, not when they arrived; ties keep a stable, deterministic order. */
export function compareActions(a: StoredAction, b: StoredAction): number {
  return a.timestamp - b.timestamp || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
}
