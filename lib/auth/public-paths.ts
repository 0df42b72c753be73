import relay from "../posthog/relay-path.json";

/**
 * What anyone may open without signing in. Everything else is turned away by proxy.ts before its code runs:
 * a page with a redirect to the login page, an API route with a JSON 401 (agents pass with their token).
 * Deny by default, so a page or route added tomorrow is protected without anyone remembering to list it.
 */
const PUBLIC_PATHS = [
  // The home page only sends visitors on; the login page signs them in.
  "/",
  "/login",
  // Auth.js's own endpoints (session, CSRF, its credentials callback), liveness, PostHog's webhook (guarded
  // by its own secret), the local stand-in for PostHog and the reverse proxy to it, which posthog-js calls
  // from the signed-out login page too.
  "/api/auth/*",
  "/api/health",
  "/api/webhooks/*",
  "/standin/*",
  `${relay.path}/*`,
  // Icons, the Open Graph image and robots.txt: read by browsers, link previews and crawlers, never signed in.
  "/favicon.ico",
  "/icon*",
  "/apple-icon*",
  "/og-image*",
  "/opengraph-image*",
  "/twitter-image*",
  "/robots.txt",
  "/sitemap.xml",
  "/manifest.webmanifest",
];

const patterns = PUBLIC_PATHS.map((path) => {
  if (path.endsWith("/*")) {
    const prefix = path.slice(0, -2);
    return (pathname: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  }
  if (path.endsWith("*")) {
    const prefix = path.slice(0, -1);
    return (pathname: string) => pathname.startsWith(prefix) && !pathname.slice(prefix.length).includes("/");
  }
  return (pathname: string) => pathname === path;
});

/** True for a path on the list above; `pathname` as the request has it (still percent-encoded). */
export function isPublicPath(pathname: string): boolean {
  // A trailing slash names the same page (the app serves both, as PostHog's webhook needs).
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") || "/" : pathname;
  return patterns.some((matches) => matches(path));
}

/**
 * Paths machines call (agents, MCP clients, Autoplay's SDK, Vercel Cron): they answer a JSON 401 rather than a
 * redirect to a page, and pass with a bearer token. Besides /api, the two paths Autoplay's clients expect at the
 * root: the MCP endpoint and the SDK's `/stream/{product_id}`.
 */
const API_PREFIXES = ["/api", "/mcp", "/stream"];

export function isApiPath(pathname: string): boolean {
  return API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** Vercel Cron's routes, which take its own bearer token (CRON_SECRET) besides the agents'. */
export function isCronPath(pathname: string): boolean {
  return pathname.startsWith("/api/cron/");
}
