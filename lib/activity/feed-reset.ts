import { z } from "zod";

/**
 * Why a stream could not resume where its client asked, as the `event: reset` frame says it:
 * - `expired`: entries after the client's position were trimmed (older than the feed's retention, in time or
 *   in number), so replaying what is left would leave a silent gap;
 * - `other_generation`: the position belongs to another generation of the store (a memory store that
 *   restarted, a Redis that was flushed) or predates generations, so what it pointed to is gone;
 * - `invalid`: not a position this server issued (garbage, or one it has not reached).
 * Stable and machine-readable: clients branch on `reason`, people read `message`.
 */
export const FeedResetReasonSchema = z.enum(["expired", "other_generation", "invalid"]);
export type FeedResetReason = z.infer<typeof FeedResetReasonSchema>;

export const FeedResetSchema = z.object({
  type: z.literal("reset"),
  reason: FeedResetReasonSchema,
  message: z.string(),
});
export type FeedReset = z.infer<typeof FeedResetSchema>;

const THEN = "Re-read the state you need (the session list, GET /api/sessions/{id}, /api/activity or the MCP tools), then continue: the stream goes on live from here.";

const MESSAGES: Record<FeedResetReason, string> = {
  expired: `The feed no longer holds everything after the position you resumed from (it keeps entries for a limited time and number). ${THEN}`,
  other_generation: `The position you resumed from belongs to another generation of the store (the server restarted with its in-memory store, or Redis was emptied), so what it pointed to is gone. ${THEN}`,
  invalid: `The position you resumed from is not one this server issued. ${THEN}`,
};

export function feedReset(reason: FeedResetReason): FeedReset {
  return { type: "reset", reason, message: MESSAGES[reason] };
}

/**
 * Where a subscription starts: `id` is the position a client resumes from after this point (an SSE `id:`);
 * `reset` is set when the position asked for could not be honoured, and the stream continues from `id` instead.
 */
export type FeedPosition = { id: string; reset: FeedReset | null };
