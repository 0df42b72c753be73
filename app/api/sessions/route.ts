import { encodeCursor } from "@/lib/activity/session-cursor";
import { SessionListParamsSchema } from "@/lib/activity/session-list-params";
import type { SessionsPage } from "@/lib/activity/sessions-page";
import { ApiError, jsonResponse, otherMethods } from "@/lib/http/api-error";
import { answerReading } from "@/lib/http/store-read";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../_auth/require-viewer";

export const dynamic = "force-dynamic";

/**
 * A page of sessions, most recently active first: `?limit=` (1–200, default 50), `?cursor=` (a previous
 * page's `next_cursor`), `?q=` (a session id, user id or email, exactly; email in any case) and
 * `?status=identified|anonymous`. Answers `{ sessions, next_cursor, total }`.
 */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const params = SessionListParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) {
    const issues = params.error.issues.map((issue) =>
      issue.code === "unrecognized_keys"
        ? { param: issue.keys.join(", "), message: "is not a parameter of this endpoint" }
        : { param: issue.path.join("."), message: issue.message },
    );
    return new ApiError(
      400,
      "invalid_parameters",
      `Invalid query: ${issues.map((issue) => `${issue.param} ${issue.message}`).join("; ")}.`,
      "Use limit (1–200), cursor (a next_cursor from a previous page), q (a session id, user id or email) and status (identified or anonymous).",
      { issues },
    ).toResponse();
  }
  const { limit, cursor, q, status } = params.data;
  return answerReading(async () => {
    const page = await getStore().listSessions({ limit, after: cursor ?? null, q: q ?? null, status: status ?? null });
    const body: SessionsPage = {
      sessions: page.sessions,
      next_cursor: page.next === null ? null : encodeCursor(page.next),
      total: page.total,
    };
    return jsonResponse(body);
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
