import { z } from "zod";
import { ApiError } from "../http/api-error";
import { readBodyText } from "../http/read-body";
import type { ActivityStore } from "../store/activity-store";
import { noteLinked } from "./conversation-cache";

/** What a chat backend sends to link a browser session to its conversation. */
export const LinkConversationBodySchema = z.strictObject({
  conversation_id: z.string().trim().min(1, "must be a non-empty string").max(200, "must be at most 200 characters"),
});

export type LinkConversationResult = { session_id: string; conversation_id: string; changed: boolean };

const BODY_LIMIT = 4 * 1024;

/**
 * Links a session to a chat conversation (CONTRACT §4): the first link sticks, the same pair again is a
 * no-op, another conversation is a 409 naming the linked one, an unknown session a 404. Shared by the REST
 * route and the MCP tool, so both answer the same.
 */
export async function linkConversation(
  store: ActivityStore,
  sessionId: string,
  conversationId: string,
): Promise<LinkConversationResult> {
  const link = await store.linkConversation(sessionId, conversationId);
  switch (link.outcome) {
    case "linked":
    case "already_linked":
      noteLinked(store, sessionId, link.conversation_id);
      return { session_id: sessionId, conversation_id: link.conversation_id, changed: link.outcome === "linked" };
    case "conflict":
      throw new ApiError(
        409,
        "conversation_conflict",
        `Session "${sessionId.slice(0, 200)}" is already linked to conversation "${link.conversation_id}".`,
        "A session links to one conversation, the first one given. Keep using that conversation id for this session.",
        { conversation_id: link.conversation_id },
      );
    case "no_session":
      throw sessionNotFound(sessionId);
  }
}

export const sessionNotFound = (sessionId: string) =>
  new ApiError(
    404,
    "session_not_found",
    `No session with id "${sessionId.slice(0, 200)}" has been received.`,
    "Use the browser's current PostHog session id (posthog.get_session_id()); find sessions with GET /api/sessions?q=<session id, user id or email>. Sessions are evicted when the store reaches its caps.",
  );

/** The request's `{"conversation_id": "…"}`, or a 400 saying what is wrong with it. */
export async function readLinkConversationBody(request: Request): Promise<string> {
  const text = await readBodyText(request, BODY_LIMIT).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 413) {
      throw new ApiError(413, "body_too_large", `The body is larger than ${BODY_LIMIT} bytes.`, 'Send only {"conversation_id": "…"}.');
    }
    throw error;
  });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not JSON.", 'Send {"conversation_id": "<your chat conversation id>"} with Content-Type: application/json.');
  }
  const parsed = LinkConversationBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      400,
      "invalid_body",
      `Invalid body: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ")}.`,
      'Send {"conversation_id": "<your chat conversation id>"}, a string of 1 to 200 characters, and nothing else.',
    );
  }
  return parsed.data.conversation_id;
}
