import { sessionNotFound } from "@/lib/agent/link-conversation";
import type { StoredSession } from "@/lib/activity/stored-session";
import { jsonResponse, otherMethods } from "@/lib/http/api-error";
import { answerReading } from "@/lib/http/store-read";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../../../_auth/require-viewer";

export const dynamic = "force-dynamic";

/**
 * One session in the store's own form (summary, stored actions, `first_index`): what the dashboard opens when
 * a row is clicked. One store read, not a render of the whole page, so a session opens quickly on a busy server.
 */
export async function GET(request: Request, context: { params: Promise<{ sessionId: string }> }): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const { sessionId } = await context.params;
  return answerReading(async () => {
    const found: StoredSession | null = await getStore().getSession(sessionId);
    if (!found) return sessionNotFound(sessionId).toResponse();
    return jsonResponse(found);
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
