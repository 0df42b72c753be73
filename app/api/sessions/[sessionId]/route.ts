import { toActionsPayload, toSlimActions } from "@/lib/activity/to-slim-actions";
import { sessionNotFound } from "@/lib/agent/link-conversation";
import { withConversation } from "@/lib/autoplay/with-conversation";
import { jsonResponse, otherMethods } from "@/lib/http/api-error";
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
    const store = getStore();
    const [found, [conversation]] = await Promise.all([store.getSession(sessionId), store.conversationsOf([sessionId])]);
    if (!found) return sessionNotFound(sessionId).toResponse();
    const payload = toActionsPayload(found.session, toSlimActions(found.session, found.actions, found.first_index));
    return jsonResponse(withConversation(payload, conversation ?? null));
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
