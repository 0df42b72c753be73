import { createHash } from "node:crypto";
import { matchesSecret } from "../security/matches-secret";

export type DemoUser = { id: string; email: string };
export type Credentials = { email: string; password: string };

/**
 * A stable id derived from the email, so the same person keeps the same PostHog distinct id across restarts.
 * Deliberately not UUID-shaped: posthog-js treats UUIDv7-looking ids as its own anonymous device ids.
 */
export function demoUserId(email: string): string {
  return `user_${createHash("sha256").update(email.trim().toLowerCase(), "utf8").digest("hex").slice(0, 16)}`;
}

export function demoUserFor(email: string): DemoUser {
  return { id: demoUserId(email), email: email.trim().toLowerCase() };
}

/**
 * Checks submitted credentials against the configured demo account. Both the email and the password are always
 * compared, in constant time, so the time taken says nothing about which one was wrong.
 */
export function verifyDemoCredentials(submitted: Credentials, demo: Credentials): DemoUser | null {
  const emailMatches = matchesSecret(submitted.email.trim().toLowerCase(), [demo.email.trim().toLowerCase()]);
  const passwordMatches = matchesSecret(submitted.password, [demo.password]);
  // `&` rather than `&&`: no short-circuit, both comparisons have already run anyway.
  return Number(emailMatches) & Number(passwordMatches) ? demoUserFor(demo.email) : null;
}
