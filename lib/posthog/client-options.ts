import type { PostHogConfig } from "posthog-js";
import { createBeforeSend } from "./before-send";

export type PosthogInitInput = {
  /** Absolute URL of the ingestion host (or of the local stand-in / reverse proxy). */
  apiHost: string;
  /** Where links to PostHog's own UI point; needed when apiHost is a proxy. */
  uiHost: string;
  /** Autoplay product id, attached to the person so the webhook can route its events. */
  productId: string;
  /** Query parameters whose values never leave the browser (REDACT_URL_PARAMS). */
  secretUrlParams: readonly string[];
};

/**
 * The one place the Autoplay integration's posthog-js options are built (CONTRACT §1). Pageviews come from
 * `defaults` (captured on history changes), so nothing captures them by hand.
 */
export function posthogInitOptions({ apiHost, uiHost, productId, secretUrlParams }: PosthogInitInput): Partial<PostHogConfig> {
  return {
    api_host: apiHost,
    ui_host: uiHost,
    defaults: "2025-05-24",
    person_profiles: "identified_only",
    // Autoplay's sessions are short-lived conversations: two idle minutes start a new one.
    session_idle_timeout_seconds: 120,
    capture_pageleave: true,
    disable_session_recording: true,
    // Nothing from the operator's pages, and no secret in a URL (see before-send.ts).
    before_send: createBeforeSend(secretUrlParams),
    // Identifies the device with the product id at once, so even anonymous sessions are routed to the product.
    loaded: (ph) => {
      ph.identify(ph.get_distinct_id(), { product_id: productId });
    },
  };
}
