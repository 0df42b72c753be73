import { agentStreamResponse } from "@/lib/agent/agent-stream";
import { otherMethods } from "@/lib/http/api-error";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../_auth/require-viewer";

export const dynamic = "force-dynamic";
// Vercel stops a function at maxDuration; the stream closes itself 30 s earlier and the client resumes.
export const maxDuration = 300;

/**
 * The agent stream, in Autoplay's format (CONTRACT §3): each `data:` frame is one ActionsPayload, with
 * `event: heartbeat` frames between. Filter with `?session_id=`, `?user_id=` or `?email=`; resume with
 * `Last-Event-ID`. Agents authenticate with `Authorization: Bearer <AUTOPLAY_STREAM_TOKEN>`.
 */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  return agentStreamResponse(request, { store: getStore(), closeAfterMs: (maxDuration - 30) * 1000 });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
