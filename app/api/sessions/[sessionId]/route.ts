import { toActionsPayload, toSlimActions } from "@/lib/activity/to-slim-actions";
import { ApiError, jsonResponse, otherMethods } from "@/lib/http/api-error";
import { answerReading } from "@/lib/http/store-read";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../../_auth/require-viewer";

export const dynamic = "force-dynamic";

/** One session in Autoplay's ActionsPayload format: what an agent would receive for it. */
export async function GET(request: Request, context: { params: Promise<{ sessionId: string }> }): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const { sessionId } = await context.params;
  return answerReading(async () => {
    const found = await getStore().getSession(sessionId);
    if (!found) {
      return new ApiError(
        404,
        "session_not_found",
        `No session with id "${sessionId.slice(0, 200)}" has been received.`,
        "Find sessions with GET /api/sessions?q=<session id, user id or email>; sessions are evicted when the store reaches its caps.",
      ).toResponse();
    }
    return jsonResponse(toActionsPayload(found.session, toSlimActions(found.session, found.actions, found.first_index)));
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
