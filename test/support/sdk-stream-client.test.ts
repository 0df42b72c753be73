import { describe, expect, it } from "vitest";
import { httpxSseDecoder, type SdkEvent } from "./sdk-stream-client";

const decode = (text: string) => {
  const events: SdkEvent[] = [];
  httpxSseDecoder((event) => events.push(event))(text);
  return events;
};

describe("httpxSseDecoder (the SDK's view of a stream)", () => {
  it("dispatches a block holding only retry: as an event with empty data, as httpx-sse does", () => {
    expect(decode("retry: 1000\n\n")).toEqual([{ event: "message", data: "", id: "", retry: 1000 }]);
  });

  it("keeps the last id, so a stray blank line after an id becomes an empty event", () => {
    expect(decode('id: 7\ndata: {"a":1}\n\n\n')).toEqual([
      { event: "message", data: '{"a":1}', id: "7", retry: null },
      { event: "message", data: "", id: "7", retry: null },
    ]);
  });

  it("ignores comments and joins data lines", () => {
    expect(decode(": hi\n\nevent: heartbeat\ndata: a\ndata: b\n\n")).toEqual([
      { event: "heartbeat", data: "a\nb", id: "", retry: null },
    ]);
  });
});
