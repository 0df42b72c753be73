import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** True when `Authorization: Bearer <token>` carries the configured token; compared in constant time. */
export function hasBearerToken(headers: Headers, token: string | null): boolean {
  if (token === null) return false;
  const match = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "");
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}
