import { jsonResponse, otherMethods } from "@/lib/http/api-error";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../_auth/require-viewer";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const store = getStore();
  const [sessions, skipped] = await Promise.all([store.listSessions(), store.skipStats()]);
  return jsonResponse({ sessions, skipped });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
