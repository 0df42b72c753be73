import { z } from "zod";
import { SessionSummarySchema } from "./session-summary";
import { StoredActionSchema } from "./stored-action";

/**
 * One change to one session, as the live feed carries it: the session as it now stands and the actions this
 * change added (none when only its identity changed). `id` is the SSE event id: a client that reconnects
 * with `Last-Event-ID` resumes after it.
 */
export const FeedEntrySchema = z.object({
  id: z.string(),
  session: SessionSummarySchema,
  actions: z.array(StoredActionSchema),
});
export type FeedEntry = z.infer<typeof FeedEntrySchema>;
