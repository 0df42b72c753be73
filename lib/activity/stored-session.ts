import { z } from "zod";
import type { SelectedSession } from "./apply-feed-entry";
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

/** The session as the dashboard holds it: each action with its place in the whole session. */
export function withIndices(stored: StoredSession): SelectedSession {
  return { session: stored.session, actions: stored.actions.map((action, i) => ({ ...action, index: stored.first_index + i })) };
}
