import { otherMethods } from "@/lib/http/api-error";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and Playwright's webServer: answered before any auth, touches nothing. */
export function GET(): Response {
  return Response.json({ ok: true });
}

/**
 * The framework's floor for `npm run bench`: an empty POST handler of this same app, which never reads the
 * body, so the webhook's throughput can be set beside what Next.js itself costs per request.
 */
export function POST(): Response {
  return Response.json({ ok: true });
}

export const { PUT, PATCH, DELETE } = otherMethods(["GET", "POST"]);
