import type { DeliveryLogEntry } from "../../webhook/delivery-log-entry";

export type DeliveryLogBufferDeps = {
  /** Writes a batch, oldest first; bounded by the store's deadline. */
  write: (batch: DeliveryLogEntry[]) => Promise<void>;
  /** Entries kept at most: the log shows no more than this, so older unwritten ones are dropped first. */
  capacity: number;
  /** How long entries gather before a write. */
  delayMs: number;
};

/**
 * The Redis store's delivery log, written in the background so it costs a delivery no round trip. One write
 * in flight at a time and a bounded buffer: while Redis is away, writes don't queue up behind each other (each
 * would wait out the deadline) and memory doesn't grow; entries not yet written are kept, newest first, up
 * to `capacity`, and go out once Redis answers again.
 */
export class DeliveryLogBuffer {
  private pending: DeliveryLogEntry[] = [];
  private inFlight: DeliveryLogEntry[] = [];
  private writing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failing = false;

  constructor(private readonly deps: DeliveryLogBufferDeps) {}

  add(entry: DeliveryLogEntry): void {
    this.pending.push(entry);
    if (this.pending.length > this.deps.capacity) this.pending.splice(0, this.pending.length - this.deps.capacity);
    this.schedule();
  }

  /** Entries this instance logged that may not be in Redis yet, newest first. */
  unwritten(): DeliveryLogEntry[] {
    return [...this.inFlight, ...this.pending].reverse();
  }

  /** Starts a write of what is pending unless one is in flight; settles when that write does. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing) return this.writing;
    if (this.pending.length === 0) return Promise.resolve();
    const batch = this.pending.splice(0);
    this.inFlight = batch;
    this.writing = this.deps
      .write(batch)
      .then(
        () => {
          if (this.failing) console.warn("delivery log: writing again");
          this.failing = false;
        },
        (error: unknown) => {
          // Kept for the next attempt, behind anything newer, within the same bound.
          this.pending = [...batch, ...this.pending].slice(-this.deps.capacity);
          if (!this.failing) console.warn("delivery log: could not write; keeping the latest entries for later:", error instanceof Error ? error.message : error);
          this.failing = true;
        },
      )
      .finally(() => {
        this.writing = null;
        this.inFlight = [];
        if (this.pending.length > 0) this.schedule();
      });
    return this.writing;
  }

  /** Writes what is left: the write in flight, then at most one more. Bounded by two write deadlines. */
  async close(): Promise<void> {
    await this.flush();
    await this.flush();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer !== null || this.writing) return;
    this.timer = setTimeout(() => void this.flush(), this.deps.delayMs);
    this.timer.unref?.();
  }
}
