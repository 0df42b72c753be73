/**
 * The origin users reach this app at, as the request saw it. Behind Vercel or another proxy the Host is the
 * proxy's; the forwarded headers name the public one. Only the first value of a forwarded list counts.
 */
export function publicOrigin(headers: Headers, fallback = "http://localhost:3000"): string {
  const first = (value: string | null) => value?.split(",")[0]?.trim() || null;
  const host = first(headers.get("x-forwarded-host")) ?? first(headers.get("host"));
  if (!host || !/^[a-z0-9.\-\[\]:]+$/i.test(host)) return fallback;
  const proto = first(headers.get("x-forwarded-proto")) === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
