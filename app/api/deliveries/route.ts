import { jsonResponse, otherMethods } from "@/lib/http/api-error";
import { answerReading } from "@/lib/http/store-read";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../_auth/require-viewer";

export const dynamic = "force-dynamic";

/** The latest webhook requests, newest first: what the "Connect PostHog" page lists. */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  return answerReading(async () => jsonResponse({ deliveries: await getStore().recentDeliveries() }));
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
