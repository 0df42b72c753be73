import { z } from "zod";
import { SessionSummarySchema } from "./session-summary";
import { StoredActionSchema } from "./stored-action";

/**
 * One session as the store keeps it: its summary and retained actions (oldest first), and `first_index`, the
 * first retained action's place in the whole session. The dashboard opens a session in this form because live
 * feed entries carry stored actions, merged by `event_id`; agents read the ActionsPayload form instead.
 */
export const StoredSessionSchema = z.object({
  session: SessionSummarySchema,
  actions: z.array(StoredActionSchema),
  first_index: z.number().int().nonnegative(),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;
