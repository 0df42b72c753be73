import http from "node:http";

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
      let buffer = "";
      response.on("data", (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = "message";
          let data = "";
          for (const line of frame.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(line[5] === " " ? 6 : 5);
          }
          if (event === "message" && data) onData(JSON.parse(data), at);
        }
      });
      response.on("error", () => {});
      resolve({ close: () => request.destroy() });
    });
    request.on("error", reject);
    request.setTimeout(0);
  });
}
