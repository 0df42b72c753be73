import { otherMethods } from "@/lib/http/api-error";
import { announcePosition, eventStream, SSE_HEADERS } from "@/lib/sse/event-stream";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../../_auth/require-viewer";

export const dynamic = "force-dynamic";
// Vercel stops a function at maxDuration; the stream closes itself 30 s earlier and the browser resumes.
export const maxDuration = 300;

/**
 * The dashboard's live feed: one `session` frame per change, resumable with Last-Event-ID, its position in the
 * opening heartbeat; `event: reset` when the position cannot be resumed (the dashboard then reloads).
 */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const after = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  const store = getStore();
  const body = eventStream({
    signal: request.signal,
    closeAfterMs: (maxDuration - 30) * 1000,
    subscribe: (push, position) =>
      store.subscribe(
        after || null,
        (entry) => push({ id: entry.id, event: "session", data: entry }),
        (start) => announcePosition(start, push, position),
      ),
  });
  return new Response(body, { headers: SSE_HEADERS });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
