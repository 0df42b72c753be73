export const dynamic = "force-dynamic";

/** Liveness for load balancers and Playwright's webServer: answered before any auth, touches nothing. */
export function GET(): Response {
  return Response.json({ ok: true });
}
