import { toActionsPayload, toSlimActions } from "../activity/to-slim-actions";
import type { ActionsPayload } from "../autoplay/actions-payload";
import { withConversation } from "../autoplay/with-conversation";
import type { ActivityStore } from "../store/activity-store";
import { conversationOf } from "./conversation-cache";
import { sessionNotFound } from "./link-conversation";

/**
 * One session as an agent reads it: its ActionsPayload with the linked conversation, optionally only the
 * actions from `sinceIndex` on (an agent polling for what is new since the last index it saw).
 */
export async function getSessionPayload(store: ActivityStore, sessionId: string, sinceIndex = 0): Promise<ActionsPayload> {
  const found = await store.getSession(sessionId);
  if (!found) throw sessionNotFound(sessionId);
  const actions = toSlimActions(found.session, found.actions, found.first_index).filter((action) => action.index >= sinceIndex);
  return withConversation(toActionsPayload(found.session, actions), await conversationOf(store, sessionId));
}
