import { beforeEach, describe, expect, it } from "vitest";
import { fixture, fixtureText, webhookRequest } from "@/test/fixtures";
import { getStore } from "@/lib/store/store";
import { GET, POST, PUT } from "./route";
import { DEFAULT_SECRET_URL_PARAMS } from "@/lib/privacy/redact-url-secrets";

beforeEach(() => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
});

const SESSION = "019ab3c2-6f12-7c01-b3d5-77a1e9c0f2aa";

describe("POST /api/webhooks/posthog", () => {
  it("turns PostHog's default body into an action under its session", async () => {
    const response = await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ shape: "default", accepted: 1, duplicates: 0, skipped: {} });

    const found = await getStore().getSession(SESSION);
    expect(found?.session).toMatchObject({ user_id: null, product_id: "acme-web" });
    expect(found?.actions[0]).toMatchObject({
      type: "pageview",
      canonical_url: "https://app.example.com/projects/:id",
      raw_url: "https://app.example.com/projects/4821?tab=settings",
    });
  });

  it("links an anonymous session to the user who identifies halfway, back-filling email", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const identify = await POST(webhookRequest(fixture("posthog/webhook-default-identify.json")));
    expect(await identify.json()).toMatchObject({ accepted: 0, skipped: { low_signal: 1 } });
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));

    const found = await getStore().getSession(SESSION);
    expect(found?.session).toMatchObject({ user_id: "user_2f9a81", email: "ada@example.com", action_count: 2 });
    expect(found?.session.identified_at).toBeCloseTo(Date.parse("2026-11-20T14:02:15.250Z") / 1000);
    expect(found?.actions.map((a) => a.title)).toEqual([expect.stringMatching(/^Page Load: /), "Export CSV button"]);
  });

  it("acknowledges a retried delivery and stores it once", async () => {
    const body = fixture("posthog/webhook-default-click.json");
    await POST(webhookRequest(body));
    const retry = await POST(webhookRequest(body));
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await getStore().getSession(SESSION))?.actions).toHaveLength(1);
  });

  it("counts events without a session and makes no action of them", async () => {
    const response = await POST(webhookRequest(fixture("posthog/webhook-no-session.json")));
    expect(await response.json()).toMatchObject({ accepted: 0, skipped: { no_session: 1 } });
    expect((await getStore().listSessions({ limit: 10 })).sessions).toEqual([]);
    expect((await getStore().skipStats()).recent[0]).toMatchObject({ reason: "no_session", event: "invoice_paid" });
  });

  it("accepts Autoplay's flat body and a batch", async () => {
    const flat = await POST(webhookRequest(fixture("posthog/webhook-autoplay-hog-click.json")));
    expect(await flat.json()).toMatchObject({ shape: "autoplay_flat", accepted: 1 });
    const batch = await POST(webhookRequest(fixture("posthog/webhook-batch.json")));
    expect(await batch.json()).toMatchObject({ shape: "batch", accepted: 2 });
    const found = await getStore().getSession("019ab3c5-0000-7000-8000-00000000cafe");
    expect(found?.actions.map((a) => a.type)).toEqual(["pageview", "click"]);
  });

  it("reads the body whatever the Content-Type says", async () => {
    const response = await POST(
      webhookRequest(null, { raw: fixtureText("posthog/webhook-default-click.json"), headers: { "content-type": "text/plain" } }),
    );
    expect(response.status).toBe(200);
  });

  it("orders actions by event time, not arrival, with index and timestamp_end to match", async () => {
    const base = fixture("posthog/webhook-default-click.json");
    const at = (uuid: string, iso: string) => ({ ...base, event: { ...base.event, uuid, timestamp: iso } });
    await POST(webhookRequest(at("c", "2026-11-20T14:02:30.000Z")));
    await POST(webhookRequest(at("a", "2026-11-20T14:02:10.000Z")));
    await POST(webhookRequest(at("b", "2026-11-20T14:02:20.000Z")));
    const found = await getStore().getSession(SESSION);
    expect(found?.actions.map((a) => a.event_id)).toEqual(["a", "b", "c"]);
  });

  it("answers 503 and stores nothing when no secret is configured", async () => {
    const { handleDelivery } = await import("@/lib/webhook/handle-delivery");
    const response = await handleDelivery(webhookRequest(fixture("posthog/webhook-default-click.json")), {
      store: getStore(),
      secrets: [],
      maxBodyBytes: 1024,
      productId: "p",
      secretUrlParams: DEFAULT_SECRET_URL_PARAMS,
    });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatchObject({ code: "not_configured", hint: expect.stringContaining("POSTHOG_WEBHOOK_SECRET") });
    expect((await getStore().listSessions({ limit: 10 })).sessions).toEqual([]);
  });

  it("answers 200 once the events are stored, even if noting its skipped events then fails", async () => {
    const { handleDelivery } = await import("@/lib/webhook/handle-delivery");
    const { MemoryStore } = await import("@/lib/store/memory-store");
    const { StoreUnavailableError } = await import("@/lib/store/store-unavailable-error");
    const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
    store.noteSkipped = () => Promise.reject(new StoreUnavailableError("Redis did not answer within 1500 ms."));
    const deliver = () =>
      handleDelivery(webhookRequest(fixture("posthog/webhook-default-identify.json")), {
        store, secrets: ["test-webhook-secret"], maxBodyBytes: 1 << 20, productId: "p", secretUrlParams: ["password"],
      });
    const response = await deliver();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.duplicates).toBe(0);
    expect(Object.values(body.skipped)).toEqual([1]);
    // A retry would find it stored: had the first answer been 503, PostHog's retry would only see duplicates.
    expect(await (await deliver()).json()).toMatchObject({ duplicates: 1 });
  });

  it("logs every delivery, accepted or refused, with its reason", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json"), { headers: { "x-posthog-secret": "nope" } }));
    const [refused, accepted] = await getStore().recentDeliveries();
    expect(accepted).toMatchObject({ status: 200, shape: "default", events: 1, accepted: 1, error_code: null });
    expect(refused).toMatchObject({ status: 401, error_code: "secret_mismatch", reason: expect.stringContaining("X-PostHog-Secret") });
  });

  it("explains itself with a JSON 405 to other methods", async () => {
    for (const handler of [GET, PUT]) {
      const response = handler();
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect((await response.json()).error.code).toBe("method_not_allowed");
    }
  });

  describe("refusals carry a JSON body that says what is wrong", () => {
    it("401 for a wrong secret, storing nothing", async () => {
      const response = await POST(
        webhookRequest(fixture("posthog/webhook-default-click.json"), { headers: { "x-posthog-secret": "wrong" } }),
      );
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "secret_mismatch" });
      expect(body.error.message).toContain("X-PostHog-Secret");
      expect(JSON.stringify(body)).not.toContain("test-webhook-secret");
      expect((await getStore().listSessions({ limit: 10 })).sessions).toEqual([]);
    });

    it("401 naming a look-alike header when the secret header is missing", async () => {
      const request = new Request("http://localhost/api/webhooks/posthog", {
        method: "POST",
        headers: { "x-posthog-token": "test-webhook-secret" },
        body: fixtureText("posthog/webhook-default-click.json"),
      });
      const response = await POST(request);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error.code).toBe("secret_missing");
      expect(body.error.message).toContain('header "x-posthog-token"');
    });

    it("401 naming a secret put in the query string instead of the header", async () => {
      const request = new Request("http://localhost/api/webhooks/posthog?secret=test-webhook-secret", {
        method: "POST",
        body: fixtureText("posthog/webhook-default-click.json"),
      });
      const body = await (await POST(request)).json();
      expect(body.error.message).toContain('query parameter "secret"');
      expect(JSON.stringify(body)).not.toContain("test-webhook-secret");
    });

    it("400 with where the JSON broke", async () => {
      const response = await POST(webhookRequest(null, { raw: '{"event": {"uuid": ' }));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "invalid_json", message: expect.stringMatching(/JSON/) });
    });

    it("400 for absurdly deep nesting, which would overflow the stack later", async () => {
      const deep = `{"event":"$pageview","timestamp":"2026-11-20T14:02:19.004Z","x":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
      const response = await POST(webhookRequest(null, { raw: deep }));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe("nested_too_deep");
    });

    it("400 listing each invalid field", async () => {
      const body = fixture("posthog/webhook-default-click.json");
      body.event.timestamp = "yesterday";
      delete body.event.uuid;
      const response = await POST(webhookRequest(body));
      expect(response.status).toBe(400);
      const error = (await response.json()).error;
      expect(error.code).toBe("invalid_body");
      expect(error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["event.timestamp", "event.uuid"]);
    });

    it("400 naming the accepted shapes for anything else", async () => {
      const response = await POST(webhookRequest([1, 2, 3]));
      expect(response.status).toBe(400);
      const error = (await response.json()).error;
      expect(error.code).toBe("unknown_shape");
      expect(error.hint).toMatch(/default webhook body.*flat body.*batch/);
    });

    it("413 for a body over the cap, by Content-Length or by bytes read", async () => {
      const huge = "x".repeat(1024 * 1024 + 1);
      const declared = await POST(webhookRequest(null, { raw: huge }));
      expect(declared.status).toBe(413);
      const streamed = new Request("http://localhost/api/webhooks/posthog", {
        method: "POST",
        headers: { "x-posthog-secret": "test-webhook-secret" },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("y".repeat(64 * 1024)));
            controller.close();
          },
        }),
        // @ts-expect-error Node's fetch needs this for a streamed body.
        duplex: "half",
      });
      const response = await POST(streamed);
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe("body_too_large");
    });
  });
});
