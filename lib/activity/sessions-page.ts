import { z } from "zod";
import { SessionSummarySchema } from "./session-summary";

/** The body of `GET /api/sessions`: one page of the session list. */
export const SessionsPageSchema = z.object({
  sessions: z.array(SessionSummarySchema),
  /** Pass as `?cursor=` for the next page; null on the last page. Opaque. */
  next_cursor: z.string().nullable(),
  /** How many sessions match the query in all. */
  total: z.number().int().nonnegative(),
});
export type SessionsPage = z.infer<typeof SessionsPageSchema>;
