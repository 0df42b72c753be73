import relay from "./relay-path.json";
import type { ServerEnv } from "../config/env";

/** The serialisable posthog-js settings the server layout hands to the browser. */
export type PosthogBrowserConfig = {
  key: string;
  /** Absolute, or a same-origin path such as "/standin" that the browser prefixes with its origin. */
  apiHost: string;
  uiHost: string;
  productId: string;
  user: { id: string; email: string } | null;
  /** REDACT_URL_PARAMS, for posthog-js's before_send. */
  secretUrlParams: readonly string[];
};

export const STANDIN_KEY = "phc_local_standin";
export const STANDIN_API_PATH = "/standin";
/** The reverse proxy to PostHog that next.config.js sets up. */
export const RELAY_PATH: string = relay.path;

/**
 * With a PostHog project configured, posthog-js talks to it through this app's reverse proxy (ad-blockers
 * leave same-origin requests alone); with none, to the app's own stand-in under /standin.
 */
export function posthogBrowserConfig(
  env: Pick<ServerEnv, "posthog" | "productId" | "secretUrlParams">,
  user: { id?: string | null; email?: string | null } | null | undefined,
): PosthogBrowserConfig {
  const signedIn = user?.id && user.email ? { id: user.id, email: user.email } : null;
  const target = env.posthog.key
    ? { key: env.posthog.key, apiHost: RELAY_PATH }
    : { key: STANDIN_KEY, apiHost: STANDIN_API_PATH };
  return {
    ...target,
    uiHost: env.posthog.uiHost,
    productId: env.productId,
    user: signedIn,
    secretUrlParams: env.secretUrlParams,
  };
}

/** posthog-js needs an absolute api_host. */
export function absoluteApiHost(apiHost: string, origin: string): string {
  return apiHost.startsWith("/") ? `${origin}${apiHost}` : apiHost;
}
