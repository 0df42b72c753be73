import type { PostHog } from "posthog-js";
import { type PosthogBrowserConfig, absoluteApiHost } from "./browser-config";
import { posthogInitOptions } from "./client-options";

type Started = { config: PosthogBrowserConfig; origin: string };

export type PosthogLoader = {
  /**
   * Hands over the settings (the first call wins) without loading anything: on a page that isn't tracked,
   * posthog-js stays unloaded until something needs it (a product page, or sign-out's reset).
   */
  configure(config: PosthogBrowserConfig, origin: string): void;
  /** Hands over the settings (the first call wins) and starts loading posthog-js. */
  start(config: PosthogBrowserConfig, origin: string): Promise<PostHog>;
  /** posthog-js once `init` has run: `identify` before `init` is a silent no-op (CONTRACT §1). */
  load(): Promise<PostHog>;
  /**
   * Runs `use` with posthog-js once it is ready. Resolves when `use` has run, when posthog-js failed to load
   * (an ad-blocker), or after `waitMs`, whichever comes first, and never rejects: analytics must not hold up or
   * break sign-in and sign-out. After a timeout `use` still runs if posthog-js arrives later.
   */
  whenReady(use: (posthog: PostHog) => void, options?: { waitMs?: number }): Promise<void>;
  /**
   * Runs `use` at once, in this very task, when posthog-js is already initialised, and says whether it did.
   * For work that must come before something posthog-js schedules itself (a navigation's pageview).
   */
  runNow(use: (posthog: PostHog) => void): boolean;
};

/**
 * posthog-js is ~120 KB gzip: importing it statically would make every page pay for it before first paint.
 * This loads it on demand, once, and inits it exactly once (React StrictMode runs effects twice).
 */
export function createPosthogLoader(importPosthog: () => Promise<{ default: PostHog }>): PosthogLoader {
  let started: ((value: Started) => void) | null = null;
  const settings = new Promise<Started>((resolve) => {
    started = resolve;
  });
  let ready: Promise<PostHog> | null = null;
  let initialised: PostHog | null = null;

  function load(): Promise<PostHog> {
    ready ??= Promise.all([settings, importPosthog()]).then(
      ([{ config, origin }, module]) => {
        const posthog = module.default;
        if (!posthog.__loaded) {
          const apiHost = absoluteApiHost(config.apiHost, origin);
          posthog.init(
            config.key,
            posthogInitOptions({
              apiHost,
              uiHost: config.uiHost,
              productId: config.productId,
              secretUrlParams: config.secretUrlParams,
            }),
          );
        }
        initialised = posthog;
        return posthog;
      },
      (error: unknown) => {
        // Forget the failure, so a later call tries again (a flaky network, not only an ad-blocker).
        ready = null;
        throw error;
      },
    );
    return ready;
  }

  function configure(config: PosthogBrowserConfig, origin: string): void {
    started?.({ config, origin });
    started = null;
  }

  function start(config: PosthogBrowserConfig, origin: string): Promise<PostHog> {
    configure(config, origin);
    return load();
  }

  function whenReady(use: (posthog: PostHog) => void, { waitMs }: { waitMs?: number } = {}): Promise<void> {
    const used = load().then(use).catch((error: unknown) => {
      console.warn("PostHog analytics unavailable:", error);
    });
    if (waitMs === undefined) return used;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    return Promise.race([used, timeout]).finally(() => clearTimeout(timer));
  }

  function runNow(use: (posthog: PostHog) => void): boolean {
    if (!initialised) return false;
    try {
      use(initialised);
    } catch (error) {
      console.warn("PostHog analytics unavailable:", error);
    }
    return true;
  }

  return { configure, start, load, whenReady, runNow };
}
