import type { CaptureResult } from "posthog-js";
import { urlRedactorFor, type UrlRedactor } from "../privacy/redact-url-secrets";
import { isTrackedUrl } from "./tracked-pages";

// posthog-js nests URLs at most this deep: `properties.$elements[i].attr__href`, `$set_once.$initial_current_url`.
const MAX_DEPTH = 4;

function scrub(value: unknown, redact: UrlRedactor, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (depth >= MAX_DEPTH || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, redact, depth + 1));
  // Plain objects only: a Date (or anything else with a prototype of its own) goes out as it came.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrub(item, redact, depth + 1);
  return out;
}

/**
 * posthog-js's `before_send`: runs on every event at capture time, in the tab that captures it.
 *
 * - It drops events captured on operator pages (see tracked-pages.ts). The provider doesn't start posthog-js on
 *   an operator page, but once a tab has it running, a client-side navigation to the dashboard captures a
 *   pageview from posthog-js's own history listener before any React effect could react; checking the
 *   event's own `$current_url` here is the one place that sees every event, whatever the navigation.
 *   (`opt_out_capturing` is no substitute: it is persisted and shared across tabs, so the dashboard would
 *   silence the product tab too.)
 * - It redacts secret query parameters from every string it sends (`$current_url`, `$referrer`, `$set_once`'s
 *   initial URL, links' `attr__href`, `$elements_chain`). Defence in depth only: the receiver redacts again,
 *   because it cannot trust what a browser sends.
 */
export function createBeforeSend(secretUrlParams: readonly string[]): (event: CaptureResult | null) => CaptureResult | null {
  const redact = urlRedactorFor(secretUrlParams);
  return (event) => {
    if (!event) return null;
    const url = event.properties?.$current_url;
    if (typeof url === "string" && !isTrackedUrl(url)) return null;
    return {
      ...event,
      properties: scrub(event.properties, redact, 0) as CaptureResult["properties"],
      ...(event.$set ? { $set: scrub(event.$set, redact, 0) as CaptureResult["$set"] } : {}),
      ...(event.$set_once ? { $set_once: scrub(event.$set_once, redact, 0) as CaptureResult["$set_once"] } : {}),
    };
  };
}
