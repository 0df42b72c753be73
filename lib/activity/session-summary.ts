import { z } from "zod";

/** What the dashboard lists per session, and what identity every action of the session carries. */
export const SessionSummarySchema = z.object({
  session_id: z.string(),
  /** The identified user's distinct id; null while the session is anonymous. */
  user_id: z.string().nullable(),
  email: z.string().nullable(),
  product_id: z.string(),
  /** Unix seconds of the earliest and latest event seen in the session. */
  first_seen: z.number(),
  last_seen: z.number(),
  /** Unix seconds of the event that linked the session to its user, if any. */
  identified_at: z.number().nullable(),
  /** The page of the latest action. */
  current_url: z.string().nullable(),
  action_count: z.number().int().nonnegative(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
