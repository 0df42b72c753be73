import { getUserActivity, UserActivityQuerySchema } from "@/lib/agent/user-activity";
import { ApiError, jsonResponse, otherMethods } from "@/lib/http/api-error";
import { prefersText } from "@/lib/http/prefers-text";
import { answerReading } from "@/lib/http/store-read";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../_auth/require-viewer";

export const dynamic = "force-dynamic";

/**
 * A user's recent activity for a prompt: `?user_id=`, `?email=` or `?session_id=`, with `lookback_seconds`
 * (300) and `max_sessions` (20). JSON `{user_id, email, sessions, text}`, or only the text with
 * `Accept: text/plain`.
 */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const query = UserActivityQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return new ApiError(
      400,
      "invalid_query",
      `Invalid query: ${query.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ")}.`,
      "Give exactly one of user_id, email or session_id; lookback_seconds (default 300) and max_sessions (1–100, default 20) are optional integers.",
    ).toResponse();
  }
  return answerReading(async () => {
    const activity = await getUserActivity(getStore(), query.data);
    if (prefersText(request.headers.get("accept"))) {
      return new Response(activity.text, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    }
    return jsonResponse(activity);
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
