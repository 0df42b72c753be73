import { auth } from "@/auth";
import { hasBearerToken } from "@/lib/auth/bearer-token";
import { serverEnv } from "@/lib/config/env";
import { unauthenticated } from "@/lib/http/api-error";

/**
 * Route handlers check access themselves, behind proxy.ts's same check. A signed-in user (session cookie) or an
 * agent (`Authorization: Bearer <AUTOPLAY_STREAM_TOKEN>`) may read activity.
 */
export async function requireViewer(request: Request): Promise<{ ok: true } | { ok: false; response: Response }> {
  if (hasBearerToken(request.headers, serverEnv().streamToken)) return { ok: true };
  const session = await auth();
  if (session?.user) return { ok: true };
  return { ok: false, response: unauthenticated().toResponse() };
}
