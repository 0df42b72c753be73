/** What a dynamic path segment becomes, so that every project's page reads as one page to an agent. */
export const ID_SEGMENT = ":id";
export const MAX_URL_CHARS = 2_048;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{12,}$/i;
// Stripe-style `cus_NffrFeUfNV2Hib`, Clerk-style `user_2f9a81`: a short lowercase prefix, then a random tail.
const PREFIXED = /^[a-z]{2,12}_([A-Za-z0-9]{6,})$/;
const EMAIL = /^[^@\s/]+@[^@\s/]+\.[a-z]{2,}$/i;
const hasDigit = (s: string) => /\d/.test(s);
const hasLetter = (s: string) => /[a-z]/i.test(s);
const mixedCase = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Is this path segment an id rather than a name? Slugs stay (`projects`, `new`, `release-notes`, `v2`, `2fa`):
 * a word-like token is a name unless it carries the randomness ids have (digits mixed in, or mixed case).
 */
export function isIdSegment(raw: string): boolean {
  const segment = decoded(raw);
  if (segment === "" || segment === ID_SEGMENT) return false;
  if (/^\d+$/.test(segment) || UUID.test(segment) || EMAIL.test(segment)) return true;
  if (HEX.test(segment) && hasDigit(segment)) return true;
  const prefixed = PREFIXED.exec(segment)?.[1];
  if (prefixed && (hasDigit(prefixed) || (prefixed.length >= 14 && mixedCase(prefixed)))) return true;
  // nanoid / cuid / base62: long, and letters mixed with digits. Separators only with mixed case, because
  // `release-notes-2024` is a slug but `V1StGXR8_Z5jdHi6B-myT` is not.
  if (/^[A-Za-z0-9]{10,}$/.test(segment)) return hasDigit(segment) && hasLetter(segment);
  return /^[A-Za-z0-9_-]{16,}$/.test(segment) && hasDigit(segment) && mixedCase(segment);
}

function collapse(path: string): string {
  const joined = path
    .split("/")
    .map((segment) => (isIdSegment(segment) ? ID_SEGMENT : segment))
    .join("/");
  const trimmed = joined.replace(/\/+$/, "");
  return trimmed === "" && joined.startsWith("/") ? "/" : trimmed;
}

/** Splits a URL into what stays as-is (scheme and host) and the path; query and fragment are dropped. */
function split(raw: string): { origin: string; path: string } {
  const input = typeof raw === "string" ? raw.trim().slice(0, MAX_URL_CHARS) : "";
  const protocolRelative = input.startsWith("//");
  // Only `scheme://` counts as a URL: `localhost:3000/x` and `about:blank` are read as paths.
  if (protocolRelative || /^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    try {
      const url = new URL(protocolRelative ? `https:${input}` : input);
      // URL lowercases the host, drops a default port and leaves credentials out of `host`.
      return { origin: `${protocolRelative ? "" : url.protocol}//${url.host}`, path: url.pathname || "/" };
    } catch {
      // not a URL after all: read it as a path below
    }
  }
  return { origin: "", path: input.replace(/[?#][\s\S]*$/, "") };
}

/** The page a URL is on, for grouping: `https://app.example.com/projects/4821?tab=settings` → `https://app.example.com/projects/:id`. */
export function canonicalUrl(raw: string): string {
  const { origin, path } = split(raw);
  let out = origin + collapse(path);
  if (out.length > MAX_URL_CHARS) {
    // Cut at a segment boundary so the last segment is a whole one: a second pass then leaves it alone.
    const cut = out.lastIndexOf("/", MAX_URL_CHARS);
    out = cut > origin.length ? out.slice(0, cut).replace(/\/+$/, "") : out.slice(0, MAX_URL_CHARS);
    if (origin !== "" && out.length <= origin.length) out = `${origin}/`;
  }
  return out;
}

/** The canonical path alone (`/projects/:id`), without scheme or host: what a page is named after. */
export function pathOf(raw: string): string {
  return collapse(split(raw).path);
}
