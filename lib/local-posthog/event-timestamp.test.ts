import { describe, expect, it } from "vitest";
import { eventTimestamp } from "./event-timestamp";

const now = new Date("2026-11-26T12:00:10.000Z");
const iso = (input: Parameters<typeof eventTimestamp>[0]) => eventTimestamp(input).toISOString();

describe("eventTimestamp", () => {
  it("corrects the client's clock skew with sent_at, like PostHog", () => {
    // The client's clock is 1 h behind; the event happened 2 s before the batch was sent.
    const input = { timestamp: "2026-11-26T11:00:08.000Z", sentAt: "2026-11-26T11:00:10.000Z", now };
    expect(iso(input)).toBe("2026-11-26T12:00:08.000Z");
    expect(iso({ ...input, sentAt: String(Date.parse("2026-11-26T11:00:10.000Z")) })).toBe("2026-11-26T12:00:08.000Z");
  });

  it("takes the timestamp as given without sent_at, else now − offset, else now", () => {
    expect(iso({ timestamp: "2026-11-26T11:59:00.000Z", now })).toBe("2026-11-26T11:59:00.000Z");
    expect(iso({ offset: 3_000, now })).toBe("2026-11-26T12:00:07.000Z");
    expect(iso({ timestamp: "not a date", sentAt: null, now })).toBe(now.toISOString());
  });

  it("replaces a time more than a day in the future with now", () => {
    expect(iso({ timestamp: "2027-01-01T00:00:00.000Z", now })).toBe(now.toISOString());
  });
});
