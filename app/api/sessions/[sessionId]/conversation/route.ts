import { linkConversation, readLinkConversationBody } from "@/lib/agent/link-conversation";
import { jsonResponse, otherMethods } from "@/lib/http/api-error";
import { answerReading } from "@/lib/http/store-read";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../../../_auth/require-viewer";

export const dynamic = "force-dynamic";

/**
 * Links a browser session to the chat conversation it belongs to: `{"conversation_id": "…"}`. From then on
 * the session's payloads, every action, and every later frame and push carry that conversation_id.
 */
export async function PUT(request: Request, context: { params: Promise<{ sessionId: string }> }): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const { sessionId } = await context.params;
  return answerReading(async () => {
    const conversationId = await readLinkConversationBody(request);
    return jsonResponse(await linkConversation(getStore(), sessionId, conversationId));
  });
}

/** The conversation a session is linked to: `{session_id, conversation_id}`, null until linked. */
export async function GET(request: Request, context: { params: Promise<{ sessionId: string }> }): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const { sessionId } = await context.params;
  return answerReading(async () => {
    const [conversationId] = await getStore().conversationsOf([sessionId]);
    return jsonResponse({ session_id: sessionId, conversation_id: conversationId ?? null });
  });
}

export const { POST, PATCH, DELETE } = otherMethods(["GET", "PUT"], 'PUT {"conversation_id": "…"} to link this session to a chat conversation.');
