const BASE = "http://same-origin.invalid";
const MAX_LENGTH = 2048;
// Controls (tab, CR, LF… which browsers strip from URLs) and backslashes (which they read as "/") can turn an
// innocent-looking value into "//host".
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/**
 * `value` as a path on this origin ("/projects?x=1#y"), or null when it could lead anywhere else. The check
 * runs on the normalised result, not only on the input: `/.//evil.example` and `/%2e%2e//evil.example` are
 * innocent as typed but normalise to `//evil.example`, which a browser reads as another host. Percent-encoded
 * slashes and backslashes are refused too, so a proxy or server that decodes them cannot make `//host` either.
 */
export function sameOriginPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return null;
  if (!isRootedPath(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!isRootedPath(path) || !isRootedPath(decoded(url.pathname) ?? "//")) return null;
  // Idempotent: what the browser will make of the path is the path itself.
  if (`${new URL(path, BASE).pathname}` !== url.pathname) return null;
  return path;
}

/**
 * Where to go after signing in, from the `next` (or Auth.js's `callbackUrl`) query parameter: a same-origin
 * path, or `fallback`. Never the login page itself, which would only show the form again.
 */
export function safeCallbackPath(value: unknown, fallback = "/dashboard"): string {
  const path = sameOriginPath(value);
  if (path === null) return fallback;
  return new URL(path, BASE).pathname === "/login" ? fallback : path;
}

/**
 * For Auth.js's `redirect` callback, which gets absolute URLs (`callbackUrl` made absolute against the
 * request) as well as paths: an absolute URL on this app's origin, never one elsewhere.
 */
export function safeRedirectUrl(url: string, baseUrl: string, fallback = "/dashboard"): string {
  const base = new URL(baseUrl);
  let candidate: string = url;
  if (!url.startsWith("/")) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return new URL(fallback, base).href;
    }
    if (parsed.origin !== base.origin) return new URL(fallback, base).href;
    candidate = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  }
  return new URL(sameOriginPath(candidate) ?? fallback, base).href;
}

/** Starts with exactly one "/" and carries no control character or backslash. */
function isRootedPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !UNSAFE_CHARACTERS.test(value);
}

function decoded(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
