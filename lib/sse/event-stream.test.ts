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

  it("opens with a heartbeat carrying the position and the retry hint (never a block of its own), then the pushed frames", async () => {
    let push: (frame: SseFrame) => void = () => {};
    let position: (id: string) => void = () => {};
    const stream = eventStream({ subscribe: (p, m) => ((push = p), (position = m), () => {}) });
    position("e.0");
    push({ id: "e.1", event: "session", data: { n: 1 } });
    const text = await readText(stream, (t) => t.includes("id: e.1"));
    const [first, second] = text.split("\n\n");
    expect(first).toMatch(/^id: e\.0\nretry: 1000\nevent: heartbeat\ndata: \{"at":[\d.]+\}$/);
    expect(second).toBe('id: e.1\nevent: session\ndata: {"n":1}');
  });

  it("holds the opening heartbeat until the position is known, or the first frame (which carries its own id)", async () => {
    let push: (frame: SseFrame) => void = () => {};
    const stream = eventStream({ subscribe: (p) => ((push = p), () => {}) });
    push({ id: "e.1", event: "session", data: { n: 1 } });
    const text = await readText(stream, (t) => t.includes("id: e.1"));
    const [first, second] = text.split("\n\n");
    expect(first).toMatch(/^retry: 1000\nevent: heartbeat\ndata: /);
    expect(second).toMatch(/^id: e\.1\n/);
  });

  it("sends heartbeats carrying the position reached, and closes itself before the platform's limit, unsubscribing once", async () => {
    vi.useFakeTimers();
    const unsubscribe = vi.fn();
    let position: (id: string) => void = () => {};
    const stream = eventStream({ subscribe: (_, m) => ((position = m), unsubscribe), heartbeatMs: 1_000, closeAfterMs: 2_500 });
    position("e.4");
    vi.advanceTimersByTime(1_500);
    position("e.9");
    vi.advanceTimersByTime(1_500);
    vi.useRealTimers();
    const text = await readText(stream, () => false);
    // The opening heartbeat, then one per second until the close at 2.5 s, each with the position of its time.
    expect(text.match(/id: (.*)\n(?:retry: 1000\n)?event: heartbeat/g)?.map((line) => line.split("\n")[0])).toEqual([
      "id: e.4",
      "id: e.4",
      "id: e.9",
    ]);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("opens without an id if the position is not known by the first heartbeat, rather than stay silent", async () => {
    vi.useFakeTimers();
    const stream = eventStream({ subscribe: () => () => {}, heartbeatMs: 1_000, closeAfterMs: 1_500 });
    vi.advanceTimersByTime(2_000);
    vi.useRealTimers();
    const text = await readText(stream, () => false);
    expect(text).toMatch(/^retry: 1000\nevent: heartbeat\n/);
    expect(text.match(/event: heartbeat/g)).toHaveLength(1);
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
