import { z } from "zod";
import type { ActionsPayload } from "../autoplay/actions-payload";
import type { SlimAction } from "../autoplay/slim-action";
import type { FeedEntry } from "./feed-entry";
import { toActionsPayload } from "./to-slim-actions";

/** Which sessions an agent stream follows; every given field must match. */
export const StreamFilterSchema = z.strictObject({
  session_id: z.string().min(1).max(200).optional(),
  user_id: z.string().min(1).max(400).optional(),
  email: z.string().min(1).max(320).optional(),
  /** Where to resume when the client can't send Last-Event-ID. */
  after: z.string().max(64).optional(),
});
export type StreamFilter = z.infer<typeof StreamFilterSchema>;

export function matchesFilter(entry: FeedEntry, filter: StreamFilter): boolean {
  const { session } = entry;
  if (filter.session_id !== undefined && session.session_id !== filter.session_id) return false;
  if (filter.user_id !== undefined && session.user_id !== filter.user_id) return false;
  if (filter.email !== undefined && session.email?.toLowerCase() !== filter.email.toLowerCase()) return false;
  return true;
}

/**
 * A feed entry as the ActionsPayload an agent receives live: the new actions, with their index in the
 * session and the session's current identity. A live action is the latest its agent knows of, so its
 * `timestamp_end` is the next new action's start, or its own (CONTRACT §3). Identity-only changes carry no
 * actions and yield null: agents receive actions, not bookkeeping.
 */
export function feedEntryToPayload(entry: FeedEntry, now = Date.now() / 1000): ActionsPayload | null {
  if (entry.actions.length === 0) return null;
  const ordered = [...entry.actions].sort((a, b) => a.index - b.index);
  const actions: SlimAction[] = ordered.map((action, i) => ({
    title: action.title,
    description: action.description,
    canonical_url: action.canonical_url,
    index: action.index,
    type: action.type,
    timestamp_start: action.timestamp,
    timestamp_end: ordered[i + 1]?.timestamp ?? action.timestamp,
    raw_url: action.raw_url,
    session_id: entry.session.session_id,
    user_id: entry.session.user_id,
    email: entry.session.email,
    conversation_id: null,
  }));
  return toActionsPayload(entry.session, actions, now);
}
