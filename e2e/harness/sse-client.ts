import { sseParser, type SseMessage } from "../../lib/sse/sse-parser";

/**
 * A Server-Sent Events client for Node tests that behaves like the browser's EventSource: it reconnects on
 * its own after the server closes the stream or the connection drops, sending `Last-Event-ID`.
 */
export function sseClient(url: string, headers: Record<string, string> = {}, onMessage: (message: SseMessage) => void) {
  let lastEventId: string | null = null;
  let stopped = false;
  let connections = 0;
  const controller = new AbortController();

  const run = async () => {
    while (!stopped) {
      try {
        const response = await fetch(url, {
          headers: { ...headers, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        connections++;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const push = sseParser((message) => {
          if (message.id !== null) lastEventId = message.id;
          onMessage(message);
        });
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          push(decoder.decode(value, { stream: true }));
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const done = run();
  return {
    get connections() {
      return connections;
    },
    stop: async () => {
      stopped = true;
      controller.abort();
      await done.catch(() => {});
    },
  };
}
