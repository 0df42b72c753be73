import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory-store";
import { handleDelivery } from "@/lib/webhook/handle-delivery";
import { fixtureText } from "@/test/fixtures";
import { handleStandinRequest } from "./handle-standin-request";
import { PersonStore } from "./person-store";
import { deliverEvents } from "./webhook-delivery";

// The stand-in's deliveries must be what the app's own webhook accepts, exactly as from PostHog cloud.
describe("stand-in → /api/webhooks/posthog", () => {
  it("delivers posthog-js 1.449.2's events to the webhook handler, which accepts every one", async () => {
    const store = new MemoryStore({ maxSessions: 100, maxActionsPerSession: 100 });
    const statuses: number[] = [];
    const webhookFetch = (async (url: string, init: RequestInit) => {
      const response = await handleDelivery(new Request(url, init), {
        store,
        secrets: ["local-webhook-secret"],
        maxBodyBytes: 1024 * 1024,
        productId: "acme-web",
      });
      statuses.push(response.status);
      return response;
    }) as unknown as typeof fetch;

    const batch = fixtureText("posthog-js/capture-1.449.2.jsonl").split("\n").filter(Boolean).map((line) => JSON.parse(line));
    const { response, afterResponse } = await handleStandinRequest(
      new Request("http://localhost:3000/standin/e/?ver=1.449.2", {
        method: "POST",
        body: gzipSync(JSON.stringify({ api_key: "phc_local_test", batch, sent_at: new Date().toISOString() })),
      }),
      {
        posthogKey: null,
        uiHost: "https://us.posthog.com",
        webhookUrl: "http://localhost:3000/api/webhooks/posthog",
        secret: "local-webhook-secret",
        persons: new PersonStore(),
        deliver: (bodies, options) => deliverEvents(bodies, { ...options, fetch: webhookFetch }),
      },
    );
    expect(response.status).toBe(200);
    await afterResponse!();

    expect(statuses).toEqual([200, 200, 200, 200]);
    const { sessions } = await store.listSessions({ limit: 10 });
    expect(sessions.map((session) => session.session_id)).toEqual(["01a216ae-ea0c-7dfa-b124-d1c5e3150cc1"]);
  });
});
