import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory-store";
import { handleDelivery } from "@/lib/webhook/handle-delivery";
import { fixtureText } from "@/test/fixtures";
import { handleStandinRequest } from "./handle-standin-request";
import { PersonStore } from "./person-store";
import { deliverEvents } from "./webhook-delivery";
import { DEFAULT_SECRET_URL_PARAMS } from "@/lib/privacy/redact-url-secrets";

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
        secretUrlParams: DEFAULT_SECRET_URL_PARAMS,
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

describe("stand-in → webhook → store, with a password in the page's URL", () => {
  it("stores and serves none of the secrets posthog-js captured", async () => {
    const password = "pw-standin-91c3e7";
    const token = "tok-standin-4d2b8a";
    const store = new MemoryStore({ maxSessions: 100, maxActionsPerSession: 100 });
    const webhookFetch = (async (url: string, init: RequestInit) =>
      handleDelivery(new Request(url, init), {
        store,
        secrets: ["local-webhook-secret"],
        maxBodyBytes: 1024 * 1024,
        productId: "acme-web",
        secretUrlParams: DEFAULT_SECRET_URL_PARAMS,
      })) as unknown as typeof fetch;

    // posthog-js's own capture, as if the login form had submitted by GET before hydrating, with a link on the page
    // whose href carries a reset token.
    const leakyUrl = `http://127.0.0.1:3000/login?email=ada%40example.com&password=${password}`;
    const batch = fixtureText("posthog-js/capture-1.449.2.jsonl")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .map((event: { event: string; properties: Record<string, unknown> }) => ({
        ...event,
        properties: {
          ...event.properties,
          $current_url: leakyUrl,
          $session_entry_url: leakyUrl,
          ...(event.event === "$autocapture"
            ? {
                $elements: [{ tag_name: "a", $el_text: "Reset", attr__href: `/reset?token=${token}`, nth_child: 1, nth_of_type: 1 }],
                $elements_chain: undefined,
                $el_text: "Reset",
              }
            : {}),
        },
      }));
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

    const { sessions } = await store.listSessions({ limit: 10 });
    expect(sessions).toHaveLength(1);
    const stored = await store.getSession(sessions[0]!.session_id);
    expect(stored?.actions.map((action) => action.raw_url)).toContain(
      "http://127.0.0.1:3000/login?email=ada%40example.com&password=[REDACTED]",
    );
    expect(stored?.actions.map((action) => action.description)).toContain("User clicked Reset link to /reset?token=[REDACTED]");
    const everything = JSON.stringify([sessions, stored, await store.recentDeliveries()]);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(token);
  });
});
