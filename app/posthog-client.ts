import type { PostHog } from "posthog-js";
import type { PosthogBrowserConfig } from "@/lib/posthog/browser-config";
import { createPosthogLoader } from "@/lib/posthog/posthog-loader";

// The only place posthog-js is imported at runtime: dynamically, so it is a chunk of its own that no page
// waits for. Nothing may `import ... from "posthog-js"` statically, or the whole library is back in every page.
const loader = createPosthogLoader(() => import("posthog-js"));

/** How long sign-in and sign-out wait for analytics before going on without them. */
export const ANALYTICS_WAIT_MS = 3_000;

export function configurePosthog(config: PosthogBrowserConfig): void {
  loader.configure(config, window.location.origin);
}

export function startPosthog(config: PosthogBrowserConfig): Promise<PostHog> {
  return loader.start(config, window.location.origin);
}

export const whenPosthogReady = loader.whenReady;
export const runWithPosthogNow = loader.runNow;
