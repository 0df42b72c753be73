import { hasBearerToken } from "@/lib/auth/bearer-token";
import { serverEnv } from "@/lib/config/env";
import { getForwarder } from "@/lib/forward/get-forwarder";
import { jsonResponse, otherMethods } from "@/lib/http/api-error";
import { requireViewer } from "../../_auth/require-viewer";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

/**
 * Vercel Cron calls this (vercel.json) so a push backlog clears even when no webhook arrives: nothing runs
 * between requests there. Vercel sends `Authorization: Bearer <CRON_SECRET>`; the agent token and signed-in
 * users may trigger it by hand too.
 */
export async function GET(request: Request): Promise<Response> {
  const env = serverEnv();
  if (!hasBearerToken(request.headers, env.cronSecret)) {
    const viewer = await requireViewer(request);
    if (!viewer.ok) return viewer.response;
  }
  const forwarder = getForwarder();
  if (!forwarder) return jsonResponse({ forwarding: false, targets: [] });
  await forwarder.drain((maxDuration - 10) * 1000);
  return jsonResponse({ forwarding: true, targets: await forwarder.statuses() });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
