/**
 * How long until a locked sign-in can be tried again, in words ("15 minutes", "2 hours"). Rounded up, so the
 * person is never told to come back before the lock has lifted.
 */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return plural(minutes, "minute");
  return plural(Math.ceil(minutes / 60), "hour");
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** The `code` Auth.js puts in its redirect to the login page when sign-in is locked: `locked-<seconds>`. */
export function lockedCode(retryAfterMs: number): string {
  return `locked-${Math.max(1, Math.ceil(retryAfterMs / 1000))}`;
}

/** The wait a `locked-<seconds>` code carries, in ms; null for any other code. */
export function waitFromCode(code: unknown): number | null {
  const match = typeof code === "string" ? /^locked-(\d{1,6})$/.exec(code) : null;
  return match ? Number(match[1]) * 1000 : null;
}
