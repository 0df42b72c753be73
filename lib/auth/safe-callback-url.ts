/**
 * The path to return to after login, taken from the `callbackUrl` query parameter only when it is a same-origin
 * relative path. Anything else (absolute URLs, protocol-relative `//host`, `/\host`, `javascript:`) would be an
 * open redirect, so it falls back.
 */
export function safeCallbackPath(value: unknown, fallback = "/dashboard"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  // Control characters and backslashes are normalised away by browsers, which can turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  const base = "http://same-origin.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Going "back" to the login page would only show it again.
  return url.pathname === "/login" ? fallback : path;
}
