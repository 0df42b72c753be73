import { randomUUID } from "node:crypto";
import type { PostOutcome } from "./post-payload";
import { emptyStatus, type ForwardState, type TargetStatus } from "./forward-state";

/** Push progress for a single process (the memory store's companion). */
export class MemoryForwardState implements ForwardState {
  private readonly cursors = new Map<string, string>();
  private readonly leases = new Map<string, { token: string; until: number }>();
  private readonly statuses = new Map<string, TargetStatus>();

  async cursor(target: string) {
    return this.cursors.get(target) ?? null;
  }

  async initCursor(target: string, cursor: string) {
    if (!this.cursors.has(target)) this.cursors.set(target, cursor);
  }

  async acquire(target: string, ttlMs: number) {
    const lease = this.leases.get(target);
    if (lease && lease.until > Date.now()) return null;
    const token = randomUUID();
    this.leases.set(target, { token, until: Date.now() + ttlMs });
    return token;
  }

  async renew(target: string, token: string, ttlMs: number) {
    const lease = this.leases.get(target);
    // Ours, or expired with nobody having taken it since: a slow step, not a dead drainer.
    if (lease && lease.token !== token && lease.until > Date.now()) return false;
    this.leases.set(target, { token, until: Date.now() + ttlMs });
    return true;
  }

  async advance(target: string, token: string, from: string | null, cursor: string, ttlMs: number) {
    if ((this.cursors.get(target) ?? null) !== from) return false;
    if (!(await this.renew(target, token, ttlMs))) return false;
    this.cursors.set(target, cursor);
    return true;
  }

  async release(target: string, token: string) {
    if (this.leases.get(target)?.token === token) this.leases.delete(target);
  }

  async noteAttempt(target: string, outcome: PostOutcome, result: "delivered" | "rejected" | "retrying", at: number) {
    const status = this.statuses.get(target) ?? emptyStatus(target);
    status.last_outcome = outcome;
    status.last_attempt_at = at;
    if (result === "delivered") {
      status.delivered++;
      status.last_delivered_at = at;
    } else if (result === "rejected") status.rejected++;
    this.statuses.set(target, status);
  }

  async status(target: string) {
    return { ...(this.statuses.get(target) ?? emptyStatus(target)) };
  }
}
