import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

// Expected values are configuration (secrets, tokens, the demo account): hashed once per process, not per
// request. Values a caller provides are never kept.
const configured = new Map<string, Buffer>();
function digestOfConfigured(value: string): Buffer {
  let cached = configured.get(value);
  if (!cached) configured.set(value, (cached = digest(value)));
  return cached;
}

/**
 * Whether `provided` equals any of `expected`, in a time that says nothing about where, whether or which
 * they differ: fixed-length digests compared with timingSafeEqual, and every candidate compared (so while a
 * secret is rotated, old and new are indistinguishable too).
 */
export function matchesSecret(provided: string, expected: readonly string[]): boolean {
  const providedDigest = digest(provided);
  let matched = false;
  for (const value of expected) {
    if (timingSafeEqual(providedDigest, digestOfConfigured(value))) matched = true;
  }
  return matched;
}
