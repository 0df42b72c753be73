import { z } from "zod";
import { SessionSummarySchema } from "./session-summary";
import { StoredActionSchema } from "./stored-action";

/**
 * A newly stored action, with its place in the whole session (evicted actions counted) when it was stored:
 * strictly increasing while actions arrive in order.
 */
export const FeedActionSchema = StoredActionSchema.extend({ index: z.number().int().nonnegative() });
export type FeedAction = z.infer<typeof FeedActionSchema>;

/**
 * One change to one session, as the live feed carries it: the session as it now stands and the actions this
 * change added (none when only its identity changed). `id` is the SSE event id: a client that reconnects
 * with `Last-Event-ID` resumes after it.
 */
export const FeedEntrySchema = z.object({
  id: z.string(),
  session: SessionSummarySchema,
  actions: z.array(FeedActionSchema),
  /**
   * What this change gave the session: its user (a user id where it had none, or another one) and/or its
   * email (compared ignoring case). Streams filtered by user or email then send the earlier actions too.
   */
  became: z.array(z.enum(["user", "email"])).optional(),
  /**
   * Set when a late action landed before actions already announced: the session's actions from this index on
   * have moved up (re-read them with GET /api/sessions/{id}). The late action itself may be among them, or,
   * older than every retained one, be counted among the evicted.
   */
  reindexed_from: z.number().int().nonnegative().optional(),
  /** How many sessions the store holds after this change, so a list can show its true total live. */
  total_sessions: z.number().int().nonnegative().optional(),
});
export type FeedEntry = z.infer<typeof FeedEntrySchema>;
