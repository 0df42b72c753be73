/**
 * Reads an SSE response the way Autoplay's SDK does (CONTRACT §4): lines are decoded with httpx-sse's rules,
 * which dispatch an event for ANY block that set a field (a lone `retry:` or `id:` included, and, once an id
 * was seen, every later blank line too); then each event that is not `heartbeat` must be JSON, else the SDK
 * logs "could not parse event data". Written from those rules, to catch what the browser's EventSource
 * (and lib/sse/sse-parser.ts) silently forgive.
 */
export type SdkEvent = { event: string; data: string; id: string; retry: number | null };
export type SdkRead = { events: SdkEvent[]; payloads: Record<string, unknown>[]; parseErrors: SdkEvent[]; heartbeats: number };

export function httpxSseDecoder(onEvent: (event: SdkEvent) => void): (chunk: string) => void {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let lastEventId = "";
  let retry: number | null = null;
  const line = (text: string) => {
    if (text === "") {
      if (!event && data.length === 0 && !lastEventId && retry === null) return;
      onEvent({ event: event || "message", data: data.join("\n"), id: lastEventId, retry });
      event = "";
      data = [];
      retry = null; // the last event id is kept across events, as the spec says
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") {
      if (!value.includes("\0")) lastEventId = value;
    } else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
  };
  return (chunk) => {
    buffer += chunk;
    const parts = buffer.split(/\r\n|\r|\n/);
    buffer = parts.pop()!;
    for (const part of parts) line(part);
  };
}

/** Reads until `until` says enough (or the stream ends), then cancels, as a client that stops would. */
export async function readLikeAutoplaySdk(response: Response, until: (read: SdkRead) => boolean): Promise<SdkRead> {
  const read: SdkRead = { events: [], payloads: [], parseErrors: [], heartbeats: 0 };
  const feed = httpxSseDecoder((event) => {
    read.events.push(event);
    if (event.event === "heartbeat") {
      read.heartbeats++;
      return;
    }
    try {
      read.payloads.push(JSON.parse(event.data) as Record<string, unknown>);
    } catch {
      read.parseErrors.push(event);
    }
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  while (!until(read)) {
    const { value, done } = await reader.read();
    if (done) break;
    feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel();
  return read;
}
