/**
 * What the stand-in answers posthog-js besides capture: remote config and flags. Every optional product is off
 * (recordings, surveys, heatmaps, exception and dead-click capture, tours, logs, conversations), so posthog-js
 * loads no extension bundle and sends only the analytics events the app needs. Autocapture stays on.
 * Field names are the ones posthog-js 1.449 reads in its `onRemoteConfig` handlers.
 */

const PRODUCTS_OFF = {
  supportedCompression: ["gzip-js"],
  // No flags exist here, so posthog-js need not ask /flags/ at all.
  hasFeatureFlags: false,
  autocapture_opt_out: false,
  captureDeadClicks: false,
  capturePerformance: false,
  autocaptureExceptions: false,
  errorTracking: { autocaptureExceptions: false, suppressionRules: [] },
  sessionRecording: false,
  heatmaps: false,
  surveys: false,
  productTours: false,
  conversations: false,
  logs: { captureConsoleLogs: false },
  defaultIdentifiedOnly: true,
  siteApps: [],
};

/** `/array/<token>/config`. */
export const remoteConfig = (token: string) => ({ token, ...PRODUCTS_OFF });

/** `/flags/?v=2` and the older `/decide/` (which also carried the remote config, so it is included). */
export function flagsResponse() {
  return {
    ...PRODUCTS_OFF,
    flags: {},
    featureFlags: {},
    featureFlagPayloads: {},
    errorsWhileComputingFlags: false,
    quotaLimited: [],
  };
}

/** `/array/<token>/config.js`: the script form posthog-js prefers, which registers the config on window. */
export function remoteConfigScript(token: string): string {
  // JSON.stringify keeps the token (taken from the URL) a plain string literal inside the script.
  const entry = JSON.stringify({ config: remoteConfig(token), siteApps: [] });
  return [
    "(function () {",
    "  window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {};",
    `  window._POSTHOG_REMOTE_CONFIG[${JSON.stringify(token)}] = ${entry};`,
    "})();",
    "",
  ].join("\n");
}

/** `/static/*.js`: nothing is served from PostHog's CDN here; an empty module keeps the page's console quiet. */
export const STATIC_SCRIPT = "/* Local PostHog stand-in: extension bundles are not served (all optional products are off). */\n";

/** The only body posthog-js treats as success for a capture. */
export const CAPTURE_OK = { status: 1 } as const;
