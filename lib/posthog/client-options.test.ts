import type { CaptureResult, PostHogInterface } from "posthog-js";
import { describe, expect, it, vi } from "vitest";
import { posthogInitOptions } from "./client-options";

const input = {
  apiHost: "https://app.example/standin",
  uiHost: "https://us.posthog.com",
  productId: "acme-web",
  secretUrlParams: ["password", "token"],
};

describe("posthogInitOptions", () => {
  it("sets the options the integration requires", () => {
    const options = posthogInitOptions(input);
    expect(options).toMatchObject({
      api_host: "https://app.example/standin",
      ui_host: "https://us.posthog.com",
      person_profiles: "identified_only",
      session_idle_timeout_seconds: 120,
      defaults: "2025-05-24",
      capture_pageleave: true,
      disable_session_recording: true,
    });
  });

  it("leaves posthog-js' bot filter on and pageviews to `defaults`", () => {
    const options = posthogInitOptions(input);
    expect(options).not.toHaveProperty("opt_out_useragent_filter");
    expect(options).not.toHaveProperty("capture_pageview");
  });

  it("identifies the current distinct id with the product id once loaded", () => {
    const identify = vi.fn();
    const fake = { get_distinct_id: () => "0198c7a2-device", identify } as unknown as PostHogInterface;
    posthogInitOptions(input).loaded?.(fake);
    expect(identify).toHaveBeenCalledTimes(1);
    expect(identify).toHaveBeenCalledWith("0198c7a2-device", { product_id: "acme-web" });
  });

  it("uses the product id it was given", () => {
    const identify = vi.fn();
    const fake = { get_distinct_id: () => "d", identify } as unknown as PostHogInterface;
    posthogInitOptions({ ...input, productId: "other-product" }).loaded?.(fake);
    expect(identify).toHaveBeenCalledWith("d", { product_id: "other-product" });
  });

  it("sends nothing from operator pages and no secret from product pages, through before_send", () => {
    const beforeSend = posthogInitOptions(input).before_send as (event: CaptureResult) => CaptureResult | null;
    const event = (url: string): CaptureResult => ({
      uuid: "u",
      event: "$pageview",
      properties: { $current_url: url, $session_id: "s" },
    });
    expect(beforeSend(event("https://app.example/dashboard?session=s"))).toBeNull();
    expect(beforeSend(event("https://app.example/projects/42?token=t0k3n"))?.properties.$current_url).toBe(
      "https://app.example/projects/42?token=[REDACTED]",
    );
  });
});
