import { afterEach, describe, expect, it, vi } from "vitest";
import { DefaultBodySchema } from "@/lib/posthog/webhook-body";
import { fixture } from "@/test/fixtures";
import { buildWebhookBody, deliverEvents, MAX_ATTEMPTS, type DefaultWebhookBody } from "./webhook-delivery";

const body = (uuid = "01a216ae-f82b-728f-bed9-9732a9ea55f1", email: string | null = "a@b.c"): DefaultWebhookBody =>
  buildWebhookBody({
    uuid,
    event: "$autocapture",
    distinctId: "user-1",
    properties: { $session_id: "s1", $event_type: "click" },
    elementsChain: 'button:nth-child="2"nth-of-type="1"text="identify"',
    timestamp: new Date("2026-11-26T07:08:15.275Z"),
    person: { id: "9f0c7a1e-1111-5222-8333-444455556666", properties: email ? { email, product_id: "p1" } : {}, distinct_ids: ["user-1"] },
    uiHost: "https://us.posthog.com/",
  });

const keys = (value: object) => Object.keys(value).sort();

describe("buildWebhookBody", () => {
  it("has exactly the shape of PostHog's default webhook body", () => {
    const sample = fixture<DefaultWebhookBody>("posthog/webhook-default-click.json");
    const built = body();
    expect(keys(built)).toEqual(keys(sample));
    expect(keys(built.event)).toEqual(keys(sample.event));
    expect(keys(built.person)).toEqual(keys(sample.person));
    expect(DefaultBodySchema.safeParse(built).success).toBe(true);
  });

  it("links to the configured PostHog UI and names the person by email, else distinct id", () => {
    const built = body();
    expect(built.event.timestamp).toBe("2026-11-26T07:08:15.275Z");
    expect(built.event.url).toBe(
      "https://us.posthog.com/project/local/events/01a216ae-f82b-728f-bed9-9732a9ea55f1/2026-11-26T07%3A08%3A15.275Z",
    );
    expect(built.person).toMatchObject({ name: "a@b.c", url: "https://us.posthog.com/project/local/person/user-1" });
    expect(body(undefined, null).person.name).toBe("user-1");
  });
});

type Call = { url: string; init: RequestInit };

function fakeFetch(...outcomes: Array<number | Error>) {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const outcome = outcomes[Math.min(calls.length - 1, outcomes.length - 1)]!;
    if (outcome instanceof Error) throw outcome;
    return new Response(outcome >= 300 ? `{"error":{"code":"nope","status":${outcome}}}` : '{"ok":true}', { status: outcome });
  });
  return { calls, fetch: fetchImpl as unknown as typeof fetch };
}

const options = (fetchImpl: typeof fetch, sleep = vi.fn(async (_ms: number) => {})) => ({
  webhookUrl: "http://localhost:3000/api/webhooks/posthog",
  secret: "s3cret",
  fetch: fetchImpl,
  sleep,
  random: () => 0.5,
});

describe("deliverEvents", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  afterEach(() => warn.mockClear());

  it("POSTs the JSON body with PostHog's headers and does not follow redirects", async () => {
    const { calls, fetch } = fakeFetch(200);
    const results = await deliverEvents([body()], options(fetch));
    expect(results).toEqual([{ uuid: body().event.uuid, ok: true, status: 200, attempts: 1 }]);
    expect(calls[0]!.url).toBe("http://localhost:3000/api/webhooks/posthog");
    expect(calls[0]!.init).toMatchObject({
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-PostHog-Secret": "s3cret" },
    });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(body());
  });

  it("sends no secret header when none is configured", async () => {
    const { calls, fetch } = fakeFetch(200);
    await deliverEvents([body()], { ...options(fetch), secret: null });
    expect(calls[0]!.init.headers).toEqual({ "Content-Type": "application/json" });
  });

  it.each([408, 429, 500, 502, 503, 504])("retries %i, resending identical bytes, up to %s attempts in all", async (status) => {
    const sleep = vi.fn(async (_ms: number) => {});
    const { calls, fetch } = fakeFetch(status);
    const [result] = await deliverEvents([body()], options(fetch, sleep));
    expect(result).toMatchObject({ ok: false, status, attempts: MAX_ATTEMPTS });
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((call) => call.init.body)).size).toBe(1);
    // About 1 s × attempt plus jitter (0.5 here).
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1500, 2500]);
    expect(String(warn.mock.calls.at(-1)![0])).toContain(`HTTP ${status} {"error":{"code":"nope","status":${status}}}`);
  });

  it("succeeds on a retry after a transient failure or a network error", async () => {
    const flaky = fakeFetch(503, 200);
    expect((await deliverEvents([body()], options(flaky.fetch)))[0]).toMatchObject({ ok: true, attempts: 2 });
    const offline = fakeFetch(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }), 200);
    expect((await deliverEvents([body()], options(offline.fetch)))[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(String(warn.mock.calls.at(-1)![0])).toContain("network error: fetch failed (ECONNREFUSED)");
  });

  it.each([400, 401, 404, 413, 308, 302])("gives up at once on %i", async (status) => {
    const sleep = vi.fn(async (_ms: number) => {});
    const { calls, fetch } = fakeFetch(status);
    const [result] = await deliverEvents([body()], options(fetch, sleep));
    expect(result).toEqual({ uuid: body().event.uuid, ok: false, status, attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(String(warn.mock.calls[0]![0])).toMatch(new RegExp(`HTTP ${status} .*nope`));
  });

  it("delivers a batch one event at a time, in order, and carries on after a failure", async () => {
    const order: string[] = [];
    let inFlight = 0;
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      inFlight++;
      expect(inFlight).toBe(1);
      const uuid = JSON.parse(String(init.body)).event.uuid as string;
      order.push(uuid);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return new Response("", { status: uuid === "b" ? 400 : 200 });
    }) as unknown as typeof fetch;
    const results = await deliverEvents([body("a"), body("b"), body("c")], options(fetchImpl));
    expect(order).toEqual(["a", "b", "c"]);
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
  });
});
