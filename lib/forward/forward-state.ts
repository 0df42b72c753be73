import type { PostOutcome } from "./post-payload";

/** What the Connect page shows per push target. */
export type TargetStatus = {
  url: string;
  /** The last attempt's HTTP status, or its network error. */
  last_outcome: PostOutcome | null;
  last_attempt_at: number | null;
  last_delivered_at: number | null;
  delivered: number;
  /** Payloads the receiver refused for good (a 4xx other than 408/429): skipped, counted here. */
  rejected: number;
};

/**
 * Where push delivery keeps its progress, per target: a durable cursor into the store's feed, and a lease
 * so only one drainer (of all instances) sends to a target at a time, which keeps each session's payloads
 * in order. A drainer that dies loses its lease when it expires and the next drainer resumes at the cursor:
 * the payload in flight is sent again, with the same delivery id (at least once).
 */
export interface ForwardState {
  cursor(target: string): Promise<string | null>;
  /** Sets the cursor only if the target has none yet (the first instance to configure it wins). */
  initCursor(target: string, cursor: string): Promise<void>;
  /** A lease token, or null while another drainer holds the target. */
  acquire(target: string, ttlMs: number): Promise<string | null>;
  /** Extends the lease (or takes it back if it expired untaken); false if another drainer has it now. */
  renew(target: string, token: string, ttlMs: number): Promise<boolean>;
  /**
   * Moves the cursor from `from` to `cursor` and extends the lease, only while holding it and only if the
   * cursor is still at `from`; false otherwise (another drainer took over: stop).
   */
  advance(target: string, token: string, from: string | null, cursor: string, ttlMs: number): Promise<boolean>;
  release(target: string, token: string): Promise<void>;
  noteAttempt(target: string, outcome: PostOutcome, result: "delivered" | "rejected" | "retrying", at: number): Promise<void>;
  status(target: string): Promise<TargetStatus>;
}

export const emptyStatus = (url: string): TargetStatus => ({
  url,
  last_outcome: null,
  last_attempt_at: null,
  last_delivered_at: null,
  delivered: 0,
  rejected: 0,
});
