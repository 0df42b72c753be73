import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { fixtureText } from "@/test/fixtures";
import { handleStandinRequest, type StandinDeps } from "./handle-standin-request";
import { PersonStore } from "./person-store";
import type { DefaultWebhookBody } from "./webhook-delivery";

const captured = fixtureText("posthog-js/capture-1.449.2.jsonl")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

const ORIGIN = "http://127.0.0.1:4000";
const NOW = new Date("2026-11-26T07:08:16.000Z");

function setup(overrides: Partial<StandinDeps> = {}) {
  const delivered: DefaultWebhookBody[][] = [];
  const deliver = vi.fn(async (bodies: DefaultWebhookBody[]) => {
    delivered.push(bodies);
  });
  const deps: StandinDeps = {
    posthogKey: null,
    uiHost: "https://us.posthog.com",
    webhookUrl: "http://localhost/api/webhooks/posthog",
    secret: "s3cret",
    persons: new PersonStore(),
    now: () => NOW,
    deliver,
    ...overrides,
  };
  const send = async (path: string, init: RequestInit = {}) => {
    const outcome = await handleStandinRequest(new Request(`${ORIGIN}/standin${path}`, init), deps);
    await outcome.afterResponse?.();
    return outcome;
  };
  return { deps, deliver, delivered, send };
}

const post = (body: BodyInit, contentType = "text/plain"): RequestInit => ({
  method: "POST",
  headers: { "content-type": contentType, origin: ORIGIN },
  body,
});

describe("handleStandinRequest: capture", () => {
  it.each(["/e/", "/e", "/i/v0/e/", "/batch/", "/capture/", "/track", "/engage/"])("answers %s with exactly 200 {status: 1}", async (path) => {
    const { send, delivered } = setup();
    const { response } = await send(`${path}?ver=1.449.2`, post(JSON.stringify([captured[0]]), "application/json"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 1 });
    expect(delivered).toHaveLength(1);
  });

  it("turns posthog-js' gzip batch into PostHog default webhook bodies, in order, with persons and chains", async () => {
    const { send, delivered, deps } = setup();
    const sentAt = "2026-11-26T07:08:15.300Z";
    const body = gzipSync(JSON.stringify({ api_key: "phc_local_test", batch: captured, sent_at: sentAt }));
    const { response } = await send("/e/?ip=0&_=1795676895300&ver=1.449.2", post(body));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);

    const bodies = delivered[0]!;
    expect(bodies.map((item) => item.event.event)).toEqual(["$pageview", "$set", "$autocapture", "$set"]);
    expect(bodies.map((item) => item.event.uuid)).toEqual(captured.map((event) => event.uuid));

    const [pageview, deviceSet, click, login] = bodies;
    // The client clock agrees with the server's to within the 700 ms it took to send: skew-corrected by that.
    expect(click!.event.timestamp).toBe("2026-11-26T07:08:15.975Z");
    expect(click!.event.elements_chain).toBe((captured[2]!.properties as Record<string, unknown>).$elements_chain);
    expect(click!.event.properties).not.toHaveProperty("$elements");
    expect(click!.event.properties).not.toHaveProperty("$elements_chain");
    expect(click!.event.properties.$session_id).toBe("01a216ae-ea0c-7dfa-b124-d1c5e3150cc1");
    expect(pageview!.event.elements_chain).toBe("");

    // The top-level $set_once posthog-js sends is folded into properties, as PostHog's ingestion does.
    expect(deviceSet!.event.properties.$set_once).toMatchObject({ $initial_pathname: "/ph" });
    expect(deviceSet!.person.properties).toMatchObject({ product_id: "p1", $initial_pathname: "/ph" });
    expect(click!.person.id).toBe(deviceSet!.person.id);
    expect(click!.person.name).toBe("01a216ae-e9ec-7eed-88b3-0ebe8a616071");

    expect(login!.event.distinct_id).toBe("user-1");
    expect(login!.person).toMatchObject({
      name: "a@b.c",
      properties: { product_id: "p1", email: "a@b.c" },
      url: "https://us.posthog.com/project/local/person/user-1",
    });
    expect(deps.persons.get("user-1")?.properties).toMatchObject({ email: "a@b.c" });
    expect(deps.deliver).toHaveBeenCalledWith(bodies, { webhookUrl: deps.webhookUrl, secret: "s3cret" });
  });

  it("reads a sendBeacon-style base64 form and a GET with data= in the query", async () => {
    const { send, delivered } = setup();
    const encoded = Buffer.from(JSON.stringify([captured[0]])).toString("base64");
    const beacon = await send("/e/?compression=base64", post(`data=${encodeURIComponent(encoded)}`, "application/x-www-form-urlencoded"));
    expect(beacon.response.status).toBe(200);
    const get = await send(`/e/?data=${encodeURIComponent(encoded)}`);
    expect(get.response.status).toBe(200);
    expect(delivered.map((bodies) => bodies[0]!.event.event)).toEqual(["$pageview", "$pageview"]);
  });

  it("makes an /engage/ people update a $identify event, like PostHog", async () => {
    const { send, delivered } = setup();
    const body = JSON.stringify({ $set: { email: "e@x.y" }, $token: "phc_x", $distinct_id: "user-9" });
    await send("/engage/", post(body, "application/json"));
    expect(delivered[0]![0]!.event).toMatchObject({ event: "$identify", distinct_id: "user-9" });
    expect(delivered[0]![0]!.person.properties).toEqual({ email: "e@x.y" });
  });

  it("answers an empty batch with 200 and delivers nothing", async () => {
    const { send, deliver } = setup();
    const outcome = await send("/e/", post("[]", "application/json"));
    expect(outcome.response.status).toBe(200);
    expect(outcome.afterResponse).toBeUndefined();
    expect(deliver).not.toHaveBeenCalled();
  });

  it.each([
    ["a body that is not JSON", "{ nope", "invalid_json"],
    ["truncated gzip", gzipSync(JSON.stringify(captured)).subarray(0, 30), "invalid_gzip"],
    ["an event without a name", JSON.stringify([{ properties: { distinct_id: "d" } }]), "invalid_event"],
    ["an event without a distinct id", JSON.stringify({ event: "$pageview", properties: {} }), "invalid_event"],
    ["an event with a malformed uuid", JSON.stringify({ event: "x", uuid: "abc", distinct_id: "d" }), "invalid_event"],
  ])("answers 400 JSON for %s and delivers nothing", async (_name, body, code) => {
    const { send, deliver } = setup();
    const { response } = await send("/e/", post(body));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    const json = await response.json();
    expect(json.error).toMatchObject({ code });
    expect(json.error.message).toBeTruthy();
    expect(json.error.hint).toBeTruthy();
    expect(deliver).not.toHaveBeenCalled();
  });

  it("refuses the whole batch when one event is bad, naming it", async () => {
    const { send, deliver } = setup();
    const { response } = await send("/batch/", post(JSON.stringify({ batch: [captured[0], { event: "" }] })));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("events[1]");
    expect(deliver).not.toHaveBeenCalled();
  });

  it("answers 413 for a body over 5 MiB, raw or once inflated", async () => {
    const { send } = setup();
    const raw = await send("/e/", post(new Uint8Array(5 * 1024 * 1024 + 1)));
    expect(raw.response.status).toBe(413);
    const bomb = await send("/e/", post(gzipSync(new Uint8Array(6 * 1024 * 1024))));
    expect(bomb.response.status).toBe(413);
    expect((await bomb.response.json()).error.code).toBe("payload_too_large");
  });
});

describe("handleStandinRequest: the rest of posthog-js' API", () => {
  it("accepts and drops recordings on /s/", async () => {
    const { send, deliver } = setup();
    const { response } = await send("/s/?compression=gzip-js", post(gzipSync("[]")));
    expect(response.status).toBe(200);
    expect(deliver).not.toHaveBeenCalled();
  });

  it.each(["/flags/?v=2&config=true", "/decide/?v=4"])("answers %s with empty flags and every optional product off", async (path) => {
    const { send } = setup();
    const { response } = await send(path, post(JSON.stringify({ token: "phc_x", distinct_id: "d" })));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      flags: {},
      featureFlags: {},
      featureFlagPayloads: {},
      errorsWhileComputingFlags: false,
      supportedCompression: ["gzip-js"],
      sessionRecording: false,
      surveys: false,
      heatmaps: false,
      autocapture_opt_out: false,
    });
  });

  it("serves the remote config as JSON and as the script posthog-js loads", async () => {
    const { send } = setup();
    const json = await send("/array/phc_local_test/config");
    expect(await json.response.json()).toMatchObject({ token: "phc_local_test", hasFeatureFlags: false, sessionRecording: false });

    const js = await send("/array/phc_local_test/config.js");
    expect(js.response.headers.get("content-type")).toContain("application/javascript");
    const window: { _POSTHOG_REMOTE_CONFIG?: Record<string, { config: Record<string, unknown> }> } = {};
    new Function("window", await js.response.text())(window);
    expect(window._POSTHOG_REMOTE_CONFIG?.phc_local_test?.config).toMatchObject({ surveys: false, supportedCompression: ["gzip-js"] });
  });

  it("keeps a hostile token a plain string in the config script", async () => {
    const { send } = setup();
    const js = await send(`/array/${encodeURIComponent('x"];throw 1;//')}/config.js`);
    const window: { _POSTHOG_REMOTE_CONFIG?: Record<string, unknown> } = {};
    new Function("window", await js.response.text())(window);
    expect(Object.keys(window._POSTHOG_REMOTE_CONFIG!)).toEqual(['x"];throw 1;//']);
  });

  it("answers /static/*.js with a harmless script", async () => {
    const { send } = setup();
    const { response } = await send("/static/surveys.js?v=1.449.2");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/javascript");
    const text = await response.text();
    expect(() => new Function(text)).not.toThrow();
  });

  it("answers an unknown path with a 404 JSON error", async () => {
    const { send } = setup();
    const { response } = await send("/api/surveys/?token=phc_x");
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: "unknown_standin_path" });
  });

  it("answers a CORS preflight for the request's origin", async () => {
    const { send } = setup();
    const { response } = await send("/e/", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });
});

describe("handleStandinRequest with a real POSTHOG_KEY", () => {
  it.each(["/e/", "/flags/?v=2", "/array/phc_x/config.js", "/static/array.js"])("is off: %s answers 404 saying why", async (path) => {
    const { send, deliver } = setup({ posthogKey: "phc_real_project_key" });
    const { response, afterResponse } = await send(path, post(JSON.stringify([captured[0]]), "application/json"));
    expect(response.status).toBe(404);
    const json = await response.json();
    expect(json.error.code).toBe("standin_disabled");
    expect(json.error.message).toContain("POSTHOG_KEY");
    expect(afterResponse).toBeUndefined();
    expect(deliver).not.toHaveBeenCalled();
  });
});
