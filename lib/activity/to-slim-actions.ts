import type { SlimAction } from "../autoplay/slim-action";
import type { ActionsPayload } from "../autoplay/actions-payload";
import type { SessionSummary } from "./session-summary";
import { compareActions, type StoredAction } from "./stored-action";

/**
 * Turns a session's stored actions into Autoplay's SlimActions: ordered by timestamp, indexed from `firstIndex`
 * (the place of the first retained action in the whole session, as the store reports it), each
 * ending where the next starts, and all carrying the session's identity (so actions taken before the user
 * logged in carry the user too). Shared by the server and the dashboard so both read sessions the same way.
 */
export function toSlimActions(session: SessionSummary, actions: readonly StoredAction[], firstIndex = 0): SlimAction[] {
  const ordered = [...actions].sort(compareActions);
  return ordered.map((action, at) => ({
    title: action.title,
    description: action.description,
    canonical_url: action.canonical_url,
    index: firstIndex + at,
    type: action.type,
    timestamp_start: action.timestamp,
    timestamp_end: ordered[at + 1]?.timestamp ?? action.timestamp,
    raw_url: action.raw_url,
    session_id: session.session_id,
    user_id: session.user_id,
    email: session.email,
    conversation_id: null,
  }));
}

export function toActionsPayload(
  session: SessionSummary,
  actions: SlimAction[],
  now: number = Date.now() / 1000,
): ActionsPayload {
  return {
    type: "actions",
    product_id: session.product_id,
    session_id: session.session_id,
    user_id: session.user_id,
    email: session.email,
    actions,
    count: actions.length,
    forwarded_at: now,
    conversation_id: null,
  };
}

/** The one-line form agents read: `[index] type: description — canonical_url`. */
export function formatActionLine(action: SlimAction): string {
  return `[${action.index}] ${action.type}: ${action.description} — ${action.canonical_url}`;
}
