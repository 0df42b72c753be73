import { describe, expect, it } from "vitest";
import { fixture, fixtureText } from "@/test/fixtures";
import { resolveIdentity } from "./resolve-identity";
import { fromBatchBody, fromDefaultBody, fromFlatBody, type IncomingEvent } from "./webhook-body";

const captured = fixtureText("posthog-js/capture-1.449.2.jsonl")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line));

/** A posthog-js event as the default webhook body would carry it. */
const asIncoming = (raw: any): IncomingEvent => ({
  uuid: raw.uuid,
  event: raw.event,
  distinct_id: raw.properties.distinct_id,
  properties: raw.properties,
  elements_chain: "",
  timestamp: Date.parse(raw.timestamp) / 1000,
  person_properties: null,
});

describe("resolveIdentity", () => {
  it("treats posthog-js 1.449's self-identified device as anonymous, and the login's $set as the user", () => {
    const [pageview, loadedSet, click, loginSet] = captured.map(asIncoming);
    expect(resolveIdentity(pageview!, "fallback").user_id).toBeNull();
    expect(resolveIdentity(loadedSet!, "fallback")).toEqual({ user_id: null, email: null, product_id: "p1" });
    expect(resolveIdentity(click!, "fallback").user_id).toBeNull();
    expect(resolveIdentity(loginSet!, "fallback")).toEqual({ user_id: "user-1", email: "a@b.c", product_id: "p1" });
  });

  it("reads identity from PostHog's default body: flag, $set and person", () => {
    const [pageview] = fromDefaultBody(fixture("posthog/webhook-default-pageview.json"));
    expect(resolveIdentity(pageview!, "fallback")).toEqual({ user_id: null, email: null, product_id: "acme-web" });
    const [identify] = fromDefaultBody(fixture("posthog/webhook-default-identify.json"));
    expect(resolveIdentity(identify!, "fallback")).toEqual({ user_id: "user_2f9a81", email: "ada@example.com", product_id: "acme-web" });
  });

  it("uses the configured product id when neither person nor $set has one", () => {
    const [flat] = fromFlatBody(fixture("posthog/webhook-autoplay-hog-click.json"));
    expect(resolveIdentity(flat!, "fallback")).toEqual({ user_id: "user_2f9a81", email: "ada@example.com", product_id: "fallback" });
  });

  it("without an $is_identified flag, a posthog-js device id (UUIDv7) stays anonymous", () => {
    const [pageview] = fromBatchBody(fixture("posthog/webhook-batch.json"));
    expect(resolveIdentity(pageview!, "fallback").user_id).toBeNull();
  });

  it("ignores an email property that is not an email", () => {
    const event = { ...asIncoming(captured[0]), properties: { email: "<script>", $is_identified: true } };
    expect(resolveIdentity({ ...event, distinct_id: "user_9" }, "p").email).toBeNull();
  });
});
