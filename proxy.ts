import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { auth } from "@/auth";
import { hasBearerToken } from "@/lib/auth/bearer-token";
import { isApiPath, isCronPath, isPublicPath } from "@/lib/auth/public-paths";
import { serverEnv } from "@/lib/config/env";
import { unauthenticated } from "@/lib/http/api-error";

/**
 * The front door (Next 16's proxy, formerly middleware): a signed-out visitor never reaches a signed-in page's or
 * API route's code. Pages are redirected to log in and come back (`/login?next=…`), API routes answer the same
 * JSON 401 their handlers give, and agents with the bearer token pass to the handlers, which check it again.
 * Pages and handlers keep their own checks: this is a second wall, not the only one.
 */
// The event parameter picks Auth.js's proxy overload (a NextMiddleware), not its route-handler one.
const guard = auth((request, _event: NextFetchEvent) => {
  if (request.auth?.user) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (isApiPath(pathname)) {
    const env = serverEnv();
    if (hasBearerToken(request.headers, env.streamToken)) return NextResponse.next();
    if (isCronPath(pathname) && hasBearerToken(request.headers, env.cronSecret)) return NextResponse.next();
    return unauthenticated().toResponse();
  }
  const login = new URL("/login", request.nextUrl.origin);
  login.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(login, 307);
});

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  // Public paths skip even the session lookup.
  if (isPublicPath(request.nextUrl.pathname)) return NextResponse.next();
  // With a lazy config (auth.ts), Auth.js hands the wrapped proxy back in a promise, whatever its types say.
  const handler = await guard;
  return handler(request, event);
}

export const config = {
  // Everything but Next's own files (scripts, styles, images) and the two hot public paths (PostHog's webhook and
  // the stand-in receive every event), which lib/auth/public-paths.ts lists as public anyway.
  matcher: ["/((?!_next/|api/webhooks/|standin/).*)"],
};
