import type { FeedPosition } from "../activity/feed-reset";
import type { Unsubscribe } from "../store/activity-store";

export type SseFrame = { id?: string; event?: string; retry?: number; data: unknown };

export type EventStreamOptions = {
  /**
   * Starts delivering frames (replay first, then live); returns how to stop. `position(id)` says where the
   * stream stands without a frame: where it starts, or an entry the client has no frame for (filtered out).
   * Call it only once every frame before that point has been pushed: heartbeats carry it as their `id:`.
   */
  subscribe: (push: (frame: SseFrame) => void, position: (id: string) => void) => Unsubscribe;
  /** Comment-free `event: heartbeat` frames keep proxies from closing an idle connection. */
  heartbeatMs?: number;
  /** Ends the stream before the platform kills the function, so EventSource reconnects with Last-Event-ID. */
  closeAfterMs?: number;
  /** What EventSource waits before reconnecting. */
  retryMs?: number;
  signal?: AbortSignal;
  /** A client this far behind is dropped; it reconnects and resumes from its Last-Event-ID. */
  maxQueuedBytes?: number;
};

const encoder = new TextEncoder();

export function formatFrame({ id, event, retry, data }: SseFrame): string {
  let frame = "";
  if (id !== undefined) frame += `id: ${id}\n`;
  if (retry !== undefined) frame += `retry: ${retry}\n`;
  if (event !== undefined) frame += `event: ${event}\n`;
  // JSON.stringify never emits raw newlines, so one data line always suffices.
  return `${frame}data: ${JSON.stringify(data)}\n\n`;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

/**
 * A Server-Sent Events body. Cleanup runs exactly once, whichever comes first: the client cancelling the
 * stream, the request's abort signal (unreliable on some serverless hosts, hence both), or the planned close.
 */
export function eventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { heartbeatMs = 15_000, closeAfterMs = 270_000, retryMs = 1_000, maxQueuedBytes = 4 * 1024 * 1024 } = options;
  let cleanup: (() => void) | null = null;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let heartbeat: ReturnType<typeof setInterval> | undefined;
        let deadline: ReturnType<typeof setTimeout> | undefined;
        let unsubscribe: Unsubscribe = () => {};
        const send = (text: string) => {
          if (closed) return;
          controller.enqueue(encoder.encode(text));
          if ((controller.desiredSize ?? 0) < -maxQueuedBytes) stop(true);
        };
        const stop = (closeController: boolean) => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          clearTimeout(deadline);
          options.signal?.removeEventListener("abort", onAbort);
          unsubscribe();
          if (closeController) {
            try {
              controller.close();
            } catch {
              // Already closed or errored by the runtime.
            }
          }
        };
        const onAbort = () => stop(true);
        cleanup = () => stop(false);

        // The position is sent from the very first block: the opening heartbeat waits for it (or for the first
        // frame, which carries its own), so a client that reconnects before any entry arrived still resumes
        // where it was. It also carries the retry hint: a block holding only `retry:` or `id:` is still
        // dispatched as an event by some clients (httpx-sse, so Autoplay's SDK), which then fail to parse its
        // empty data. Should the store not answer by the first heartbeat, the opening goes without an id
        // rather than leave the connection silent.
        let position: string | undefined;
        let opened = false;
        const beat = () => {
          const retry = opened ? undefined : retryMs;
          opened = true;
          send(formatFrame({ id: position, event: "heartbeat", retry, data: { at: Date.now() / 1000 } }));
        };
        const push = (frame: SseFrame) => {
          if (!opened) beat();
          if (frame.id !== undefined) position = frame.id;
          send(formatFrame(frame));
        };
        const mark = (id: string) => {
          position = id;
          if (!opened) beat();
        };
        heartbeat = setInterval(beat, heartbeatMs);
        deadline = setTimeout(() => stop(true), closeAfterMs);
        unsubscribe = options.subscribe(push, mark);
        if (closed) unsubscribe();
        options.signal?.addEventListener("abort", onAbort, { once: true });
        if (options.signal?.aborted) stop(true);
      },
      cancel() {
        cleanup?.();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}

/**
 * Where a feed stream starts (or restarts), as frames: the position, which the opening heartbeat carries, and,
 * when the client's id could not be resumed, an `event: reset` frame with the same id saying why.
 */
export function announcePosition(start: FeedPosition, push: (frame: SseFrame) => void, position: (id: string) => void): void {
  position(start.id);
  if (start.reset) push({ id: start.id, event: "reset", data: start.reset });
}
