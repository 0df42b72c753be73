import type { Unsubscribe } from "../store/activity-store";

export type SseFrame = { id?: string; event?: string; retry?: number; data: unknown };

export type EventStreamOptions = {
  /** Starts delivering frames (replay first, then live); returns how to stop. */
  subscribe: (push: (frame: SseFrame) => void) => Unsubscribe;
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

        const beat = (retry?: number) => send(formatFrame({ event: "heartbeat", retry, data: { at: Date.now() / 1000 } }));
        // The retry hint rides on an opening heartbeat: a block holding only `retry:` is still dispatched as
        // an event by some clients (httpx-sse, so Autoplay's SDK), which then fail to parse its empty data.
        beat(retryMs);
        heartbeat = setInterval(() => beat(), heartbeatMs);
        deadline = setTimeout(() => stop(true), closeAfterMs);
        unsubscribe = options.subscribe((frame) => send(formatFrame(frame)));
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
