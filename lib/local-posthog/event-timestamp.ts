/**
 * When an event happened, as PostHog's ingestion decides it: the client's `timestamp` shifted by the client's
 * clock skew (server now − `sent_at`) when the batch says when it was sent; else the timestamp as given; else
 * `now − offset`; else now. A time more than 23 h ahead is a broken clock, so it becomes now.
 */

const MAX_FUTURE_MS = 23 * 60 * 60 * 1000;

export type TimestampInput = {
  timestamp?: string | undefined;
  /** Milliseconds between the event and the send. */
  offset?: number | undefined;
  /** ISO string, or Unix milliseconds (posthog-js' `sent_at`/`_` query parameters). */
  sentAt?: string | number | null | undefined;
  now: Date;
};

function parseSentAt(sentAt: string | number | null | undefined): number {
  if (typeof sentAt === "number") return sentAt;
  if (typeof sentAt !== "string" || sentAt === "") return Number.NaN;
  return /^\d+$/.test(sentAt) ? Number(sentAt) : Date.parse(sentAt);
}

export function eventTimestamp({ timestamp, offset, sentAt, now }: TimestampInput): Date {
  const nowMs = now.getTime();
  const clientMs = timestamp ? Date.parse(timestamp) : Number.NaN;
  const sentMs = parseSentAt(sentAt);

  let result = nowMs;
  if (Number.isFinite(clientMs)) result = Number.isFinite(sentMs) ? nowMs + (clientMs - sentMs) : clientMs;
  else if (typeof offset === "number" && Number.isFinite(offset)) result = nowMs - offset;

  return new Date(result - nowMs > MAX_FUTURE_MS ? nowMs : result);
}
