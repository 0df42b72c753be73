import http from "node:http";
import { sseParser } from "@/lib/sse/sse-parser";

export type SseClient = { close: () => void };

/**
 * A minimal Server-Sent Events reader for the agent stream: calls `onData` with each message frame's parsed
 * `data` (heartbeats and comments skipped) and resolves once the response headers have arrived.
 */
export function connectSse(url: string, headers: Record<string, string>, onData: (data: any, at: number) => void): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: "text/event-stream", ...headers } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${url} answered ${response.statusCode}`));
        return;
      }
      response.setEncoding("utf8");
      let at = 0;
      const push = sseParser((message) => {
        if (message.event === "message") onData(JSON.parse(message.data), at);
      });
      response.on("data", (chunk: string) => {
        at = performance.now();
        push(chunk);
      });
      response.on("error", () => {});
      resolve({ close: () => request.destroy() });
    });
    request.on("error", reject);
    request.setTimeout(0);
  });
}
