import { z } from "zod";

/** One webhook request as the "Connect PostHog" page lists it: the in-app "is the webhook firing?" check. */
export const DeliveryLogEntrySchema = z.object({
  id: z.string(),
  /** Unix seconds. */
  received_at: z.number(),
  status: z.number().int(),
  shape: z.enum(["default", "autoplay_flat", "batch"]).nullable(),
  events: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  skipped: z.record(z.string(), z.number()),
  /** For a refusal: its code and the message the sender was given. */
  error_code: z.string().nullable(),
  reason: z.string().nullable(),
  duration_ms: z.number(),
  /** Sent by the "Send a test delivery" button. */
  test: z.boolean(),
});
export type DeliveryLogEntry = z.infer<typeof DeliveryLogEntrySchema>;

export const TEST_DELIVERY_HEADER = "x-autoplay-test-delivery";
