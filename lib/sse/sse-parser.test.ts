import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFrame } from "./event-stream";
import { sseParser, type SseMessage } from "./sse-parser";

const parseAll = (chunks: string[]) => {
  const messages: SseMessage[] = [];
  const push = sseParser((message) => messages.push(message));
  for (const chunk of chunks) push(chunk);
  return messages;
};

describe("sseParser", () => {
  it("reads id, event and multi-line data, skipping comments and data-less frames", () => {
    const text = 'retry: 1000\n\n: keep-alive\n\nid: 7\nevent: session\ndata: {"a":1}\n\ndata: one\ndata: two\n\n';
    expect(parseAll([text])).toEqual([
      { id: "7", event: "session", data: '{"a":1}' },
      { id: null, event: "message", data: "one\ntwo" },
    ]);
  });

  it("gives the same messages however the stream is split, for whatever the server formats", () => {
    const frame = fc.record({ id: fc.option(fc.stringMatching(/^[0-9-]{1,12}$/), { nil: undefined }), event: fc.option(fc.constantFrom("session", "heartbeat"), { nil: undefined }), data: fc.jsonValue() });
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (frames, cuts) => {
        const text = frames.map((f) => formatFrame(f)).join("");
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, text.length].slice(1).map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
        const messages = parseAll(chunks);
        expect(messages.map((m) => JSON.parse(m.data))).toEqual(frames.map((f) => JSON.parse(JSON.stringify(f.data))));
        expect(messages.map((m) => m.event)).toEqual(frames.map((f) => f.event ?? "message"));
      }),
    );
  });
});
