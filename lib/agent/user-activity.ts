import { z } from "zod";
import { toActionsPayload, toSlimActions } from "../activity/to-slim-actions";
import type { ActionsPayload } from "../autoplay/actions-payload";
import { userActivityText } from "../autoplay/activity-text";
import { withConversation } from "../autoplay/with-conversation";
import { ApiError } from "../http/api-error";
import type { ActivityStore } from "../store/activity-store";
import { conversationsOf } from "./conversation-cache";
import { findUserSessions, type UserLookup } from "./find-user-sessions";

/** Who to read, and how far back: the SDK's UserSessionIndex defaults (300 s, 20 sessions). */
export const UserActivityQuerySchema = z
  .strictObject({
    user_id: z.string().min(1).max(400).optional(),
    email: z.string().min(1).max(320).optional(),
    session_id: z.string().min(1).max(200).optional(),
    lookback_seconds: z.coerce.number().int().min(1).max(30 * 24 * 3600).default(300),
    max_sessions: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((query) => [query.user_id, query.email, query.session_id].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of user_id, email or session_id",
  });
export type UserActivityQuery = z.infer<typeof UserActivityQuerySchema>;

export type UserActivity = {
  user_id: string | null;
  email: string | null;
  /** Newest first. */
  sessions: ActionsPayload[];
  /** Exactly what the SDK's `UserSessionIndex.get_user_activity()` returns for these sessions. */
  text: string;
};

/** A user's recent activity, ready for a prompt; a 404 when the user or session was never seen. */
export async function getUserActivity(store: ActivityStore, query: UserActivityQuery): Promise<UserActivity> {
  const lookup: UserLookup =
    query.session_id !== undefined
      ? { session_id: query.session_id }
      : query.email !== undefined
        ? { email: query.email }
        : { user_id: query.user_id! };
  const { known, user_id, email, sessions } = await findUserSessions(store, lookup, {
    lookbackSeconds: query.lookback_seconds,
    maxSessions: query.max_sessions,
  });
  if (!known) throw notFound(lookup);
  const conversations = await conversationsOf(store, sessions.map((found) => found.session.session_id));
  const payloads = sessions.map((found, i) =>
    withConversation(toActionsPayload(found.session, toSlimActions(found.session, found.actions, found.first_index)), conversations[i] ?? null),
  );
  return {
    user_id,
    email,
    sessions: payloads,
    text: userActivityText(payloads),
  };
}

function notFound(lookup: UserLookup): ApiError {
  if ("session_id" in lookup) {
    return new ApiError(
      404,
      "session_not_found",
      `No session with id "${lookup.session_id.slice(0, 200)}" has been received.`,
      "Use the browser's current PostHog session id (posthog.get_session_id()); sessions are evicted when the store reaches its caps.",
    );
  }
  const [field, value] = "email" in lookup ? ["email", lookup.email] : ["user_id", lookup.user_id];
  return new ApiError(
    404,
    "user_not_found",
    `No session of a user with ${field} "${value.slice(0, 200)}" has been received.`,
    "user_id is the id your app passes to posthog.identify(); email is the one it registers. The user must have been identified in a session this app received.",
  );
}

