/**
 * A Server-Sent Events client for Node tests that behaves like the browser's EventSource: it reconnects on
 * its own after the server closes the stream or the connection drops, sending `Last-Event-ID`.
 */
export type SseMessage = { id: string | null; event: string; data: string };

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
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message: SseMessage = { id: null, event: "message", data: "" };
            let hasData = false;
            for (const line of block.split("\n")) {
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "id") message.id = value;
              else if (field === "event") message.event = value;
              else if (field === "data") {
                message.data += (hasData ? "\n" : "") + value;
                hasData = true;
              }
            }
            if (message.id !== null) lastEventId = message.id;
            if (hasData) onMessage(message);
          }
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
