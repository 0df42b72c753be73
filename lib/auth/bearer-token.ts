import { matchesSecret } from "../security/matches-secret";

/** True when `Authorization: Bearer <token>` carries the configured token; compared in constant time. */
export function hasBearerToken(headers: Headers, token: string | null): boolean {
  if (token === null) return false;
  const match = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "");
  if (!match) return false;
  return matchesSecret(match[1]!.trim(), [token]);
}
