import { describe, expect, it } from "vitest";
import { fixture } from "@/test/fixtures";
import { normalizeEvent } from "./normalize-event";
import { fromDefaultBody, type IncomingEvent } from "./webhook-body";

const [click] = fromDefaultBody(fixture("posthog/webhook-default-click.json"));
const variant = (event: string, properties: Record<string, unknown> = {}): IncomingEvent => ({
  ...click!,
  event,
  properties: { ...click!.properties, ...properties },
});
const actionOf = (event: IncomingEvent) => {
  const result = normalizeEvent(event, "fallback");
  if (result.kind !== "session") throw new Error(`expected a session event, got ${JSON.stringify(result)}`);
  return result;
};

describe("normalizeEvent", () => {
  it.each([
    ["click", "click", "User clicked Export CSV button"],
    ["submit", "submit", "User submitted"],
    ["change", "type", "User typed in"],
    ["focus", "focus", "User focused"],
    ["blur", "blur", "User left"],
  ])("maps $autocapture %s to a %s action", (eventType, type, description) => {
    const { event, skip } = actionOf(variant("$autocapture", { $event_type: eventType }));
    expect(skip).toBeNull();
    expect(event.action).toMatchObject({ type, description: expect.stringContaining(description) });
  });

  it("makes a rage click a click that says so", () => {
    const { event } = actionOf(variant("$rageclick"));
    expect(event.action).toMatchObject({ type: "click", description: expect.stringMatching(/rage/i) });
  });

  it("makes a pageview from $pageview, with the URL canonicalised and kept raw", () => {
    const { event } = actionOf(variant("$pageview", { title: "Reports · Acme" }));
    expect(event.action).toMatchObject({
      type: "pageview",
      title: "Page Load: Reports",
      canonical_url: "https://app.example.com/projects/:id/reports",
      raw_url: "https://app.example.com/projects/4821/reports",
    });
  });

  it.each([
    ["$pageleave", "low_signal"],
    ["$identify", "low_signal"],
    ["$set", "low_signal"],
    ["$feature_flag_called", "low_signal"],
    ["$web_vitals", "low_signal"],
    ["invoice_paid", "custom_event"],
  ])("makes no action of %s, counting it as %s, but still updates the session", (name, reason) => {
    const { event, skip } = actionOf(variant(name));
    expect(skip).toBe(reason);
    expect(event.action).toBeNull();
    expect(event.user_id).toBe("user_2f9a81");
  });

  it("counts an autocapture of an unknown kind", () => {
    expect(actionOf(variant("$autocapture", { $event_type: "copy" })).skip).toBe("unsupported_autocapture");
  });

  it("never makes an action of an event without $session_id", () => {
    const result = normalizeEvent(variant("$pageview", { $session_id: undefined }), "fallback");
    expect(result).toEqual({
      kind: "skipped",
      skip: { reason: "no_session", event: "$pageview", distinct_id: "user_2f9a81", timestamp: click!.timestamp },
    });
  });

  it("keeps hostile texts as inert, bounded plain text", () => {
    const { event } = actionOf(
      variant("$autocapture", {
        $event_type: "click",
        $el_text: `<img src=x onerror=alert(1)>\u202E\u200B${"x".repeat(100_000)}`,
        $current_url: `javascript:alert(1)//${"y".repeat(10_000)}`,
      }),
    );
    expect(event.action!.title.length).toBeLessThan(200);
    expect(event.action!.title).not.toMatch(/[\u202E\u200B]/);
    expect(event.action!.raw_url.length).toBeLessThanOrEqual(2048);
  });
});
