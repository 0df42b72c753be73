import { matchesSecret } from "../security/matches-secret";

export const SECRET_HEADER = "X-PostHog-Secret";

export type SecretCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "mismatch"; lookalikes: string[] };

/** What the check reads of a request's headers: a web `Headers`, or a thin view over Node's. */
export type HeaderReader = Pick<Headers, "get" | "forEach">;

/**
 * Checks the shared secret PostHog sends in the destination's headers. Header lookup is case-insensitive
 * (the docs say `X-PostHog-Secret`, Autoplay's Hog code sends it lower-case); several secrets are accepted
 * while one is rotated, compared in constant time.
 */
export function verifySecret(headers: HeaderReader, secrets: readonly string[]): SecretCheck {
  const provided = headers.get(SECRET_HEADER);
  if (provided === null || provided === "") {
    return { ok: false, reason: "missing", lookalikes: lookalikeHeaders(headers) };
  }
  return matchesSecret(provided.trim(), secrets) ? { ok: true } : { ok: false, reason: "mismatch", lookalikes: [] };
}

const LOOKALIKE_HEADER = /secret|token|signature|posthog|webhook|api[-_]?key|^authorization$/i;

/** Header names that look like a misplaced secret: named only, never echoed. */
export function lookalikeHeaders(headers: HeaderReader): string[] {
  const names: string[] = [];
  headers.forEach((_value, name) => {
    if (LOOKALIKE_HEADER.test(name) && name.toLowerCase() !== SECRET_HEADER.toLowerCase()) names.push(name);
  });
  return names.slice(0, MAX_NAMED);
}

const LOOKALIKE_PARAM = /secret|token|api[-_]?key|^key$|signature/i;
const MAX_NAMED = 5;
// Names come from the sender; bound them so a hostile body can't make the 401 (and the log) huge.
const quoted = (name: string) => `"${name.length > 64 ? `${name.slice(0, 64)}…` : name}"`;

/** Query parameters or top-level body keys that look like the secret was put there instead of a header. */
export function lookalikeFields(url: URL, body: unknown): string[] {
  const found: string[] = [];
  for (const name of url.searchParams.keys()) if (LOOKALIKE_PARAM.test(name)) found.push(`query parameter ${quoted(name)}`);
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    for (const key of Object.keys(body)) if (LOOKALIKE_PARAM.test(key)) found.push(`body field ${quoted(key)}`);
  }
  return found.slice(0, MAX_NAMED);
}
