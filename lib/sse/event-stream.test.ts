import { describe, expect, it, vi } from "vitest";
import { eventStream, formatFrame, type SseFrame } from "./event-stream";

async function readText(stream: ReadableStream<Uint8Array>, until: (text: string) => boolean): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!until(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe("eventStream", () => {
  it("formats frames with id, event and one JSON data line", () => {
    expect(formatFrame({ id: "7", event: "session", data: { a: "line\nbreak" } })).toBe(
      'id: 7\nevent: session\ndata: {"a":"line\\nbreak"}\n\n',
    );
  });

  it("opens with a heartbeat carrying the retry hint (never a block of its own), then the pushed frames", async () => {
    let push: (frame: SseFrame) => void = () => {};
    const stream = eventStream({ subscribe: (p) => ((push = p), () => {}) });
    push({ id: "1", event: "session", data: { n: 1 } });
    const text = await readText(stream, (t) => t.includes("id: 1"));
    const [first, second] = text.split("\n\n");
    expect(first).toMatch(/^retry: 1000\nevent: heartbeat\ndata: \{"at":[\d.]+\}$/);
    expect(second).toBe('id: 1\nevent: session\ndata: {"n":1}');
  });

  it("sends heartbeats and closes itself before the platform's limit, unsubscribing once", async () => {
    vi.useFakeTimers();
    const unsubscribe = vi.fn();
    const stream = eventStream({ subscribe: () => unsubscribe, heartbeatMs: 1_000, closeAfterMs: 2_500 });
    vi.advanceTimersByTime(3_000);
    vi.useRealTimers();
    const text = await readText(stream, () => false);
    // The opening heartbeat, then one per second until the close at 2.5 s.
    expect(text.match(/event: heartbeat/g)).toHaveLength(3);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("unsubscribes when the client cancels and when the request aborts", async () => {
    const onCancel = vi.fn();
    await eventStream({ subscribe: () => onCancel }).cancel();
    expect(onCancel).toHaveBeenCalledTimes(1);

    const onAbort = vi.fn();
    const controller = new AbortController();
    const stream = eventStream({ subscribe: () => onAbort, signal: controller.signal });
    controller.abort();
    await readText(stream, () => false);
    expect(onAbort).toHaveBeenCalledTimes(1);
  });
});
