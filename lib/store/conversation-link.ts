/**
 * What linking a browser session to a chat conversation did. A link is sticky (CONTRACT §4): the first one
 * holds, the same pair again changes nothing, and another conversation id is refused naming the linked one.
 */
export type ConversationLink =
  | { outcome: "linked" | "already_linked"; conversation_id: string }
  | { outcome: "conflict"; conversation_id: string }
  | { outcome: "no_session"; conversation_id: null };
