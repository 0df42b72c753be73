import type { ActionsPayload } from "./actions-payload";

/**
 * A payload as it reads once its session is linked to a chat conversation: the id on the payload and on each
 * action, earlier ones included (CONTRACT §3). Unlinked sessions keep null everywhere.
 */
export function withConversation(payload: ActionsPayload, conversationId: string | null): ActionsPayload {
  if (conversationId === null) return payload;
  return {
    ...payload,
    conversation_id: conversationId,
    actions: payload.actions.map((action) => ({ ...action, conversation_id: conversationId })),
  };
}
