import { beforeEach, describe, expect, it, vi } from "vitest";
import { ActionsPayloadSchema } from "@/lib/autoplay/actions-payload";
import { DEV_DEFAULTS } from "@/lib/config/env";
import { fixture, webhookRequest } from "@/test/fixtures";
import { readLikeAutoplaySdk } from "@/test/support/sdk-stream-client";
import { GET as apiStream } from "../../api/stream/route";
import { POST } from "../../api/webhooks/posthog/route";
import { getStore } from "@/lib/store/store";
import { GET as productStream } from "./route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const TOKEN = DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN;
const sdkHeaders = { accept: "text/event-stream", authorization: `Bearer ${TOKEN}` };
const openProduct = (productId: string, query = "", headers: Record<string, string> = sdkHeaders) =>
  productStream(new Request(`http://localhost/stream/${encodeURIComponent(productId)}${query}`, { headers }), {
    params: Promise.resolve({ productId }),
  });

/** The default pageview fixture as if it came from another product, in a session of its own. */
function otherProductPageview() {
  const body = fixture("posthog/webhook-default-pageview.json");
  body.event.uuid = "019ab3c2-7d41-7f3a-9c1e-00000000beef";
  body.event.properties.$session_id = "019ab3c2-6f12-7c01-b3d5-0000000beef0";
  body.person.properties.product_id = "other-app";
  return body;
}

beforeEach(() => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue(null);
});

describe("GET /stream/{product_id} (Autoplay's SDK)", () => {
  it("gives the SDK only heartbeats and JSON payloads of that product, from the very first block", async () => {
    const response = await openProduct("acme-web");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reading = readLikeAutoplaySdk(response, (read) => read.payloads.length >= 2 || read.parseErrors.length > 0);
    await POST(webhookRequest(otherProductPageview()));
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));
    const read = await reading;

    expect(read.parseErrors).toEqual([]);
    expect(read.events[0]).toMatchObject({ event: "heartbeat", retry: 1000 });
    const payloads = read.payloads.map((payload) => ActionsPayloadSchema.parse(payload));
    expect(payloads.map((p) => [p.product_id, p.actions.map((a) => `${a.index}:${a.type}`)])).toEqual([
      ["acme-web", ["0:pageview"]],
      ["acme-web", ["1:click"]],
    ]);
  });

  it("streams nothing of other products", async () => {
    const start = await getStore().latestFeedId();
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    await POST(webhookRequest(otherProductPageview()));
    const read = await readLikeAutoplaySdk(await openProduct("other-app", `?after=${start}`), (r) => r.payloads.length >= 1);
    expect(read.payloads).toHaveLength(1);
    expect(read.payloads[0]).toMatchObject({ product_id: "other-app", session_id: "019ab3c2-6f12-7c01-b3d5-0000000beef0" });
  });

  it("keeps /api/stream's frames SDK-clean too", async () => {
    const response = await apiStream(new Request("http://localhost/api/stream", { headers: sdkHeaders }));
    const reading = readLikeAutoplaySdk(response, (read) => read.payloads.length >= 1 || read.parseErrors.length > 0);
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const read = await reading;
    expect(read.parseErrors).toEqual([]);
    expect(read.events.map((e) => e.event)).toEqual(["heartbeat", "message"]);
  });

  it("401s without the token and 400s on an unknown filter, in JSON", async () => {
    const denied = await openProduct("acme-web", "", { accept: "text/event-stream" });
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.code).toBe("unauthenticated");
    const bad = await openProduct("acme-web", "?colour=blue");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_filter");
  });

  it("gives its position in the first block even with nothing stored, and a reconnect with it gets everything since", async () => {
    const first = await readLikeAutoplaySdk(await openProduct("acme-web"), (read) => read.events.length >= 1);
    expect(first.events[0]).toMatchObject({ event: "heartbeat", retry: 1000, id: expect.stringMatching(/^[0-9a-z]+\.0$/) });
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));
    const resumed = await readLikeAutoplaySdk(
      await openProduct("acme-web", "", { ...sdkHeaders, "last-event-id": first.events[0]!.id }),
      (read) => read.payloads.length >= 2 || read.parseErrors.length > 0,
    );
    expect(resumed.parseErrors).toEqual([]);
    expect(resumed.events.map((e) => e.event)).toEqual(["heartbeat", "message", "message"]);
    expect(resumed.payloads.map((p) => ActionsPayloadSchema.parse(p).actions.map((a) => a.type))).toEqual([["pageview"], ["click"]]);
  });

  it("tells the SDK with a JSON `reset` frame when its Last-Event-ID is of another generation or garbage", async () => {
    for (const [lastEventId, reason] of [["1796000000000-0", "other_generation"], ["zzz", "invalid"], ["k1.5", "other_generation"]]) {
      const read = await readLikeAutoplaySdk(
        await openProduct("acme-web", "", { ...sdkHeaders, "last-event-id": lastEventId! }),
        (r) => r.events.length >= 2,
      );
      expect(read.parseErrors).toEqual([]);
      const position = await getStore().latestFeedId();
      expect(read.events.map((e) => [e.event, e.id])).toEqual([["heartbeat", position], ["reset", position]]);
      expect(read.payloads).toEqual([{ type: "reset", reason, message: expect.stringContaining("Re-read") }]);
    }
  });
});
