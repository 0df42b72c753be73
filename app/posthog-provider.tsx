"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useLayoutEffect } from "react";
import type { PosthogBrowserConfig } from "@/lib/posthog/browser-config";
import { identifyUser } from "@/lib/posthog/identify-user";
import { isTrackedPath } from "@/lib/posthog/tracked-pages";
import { configurePosthog, runWithPosthogNow, startPosthog, whenPosthogReady } from "./posthog-client";

/**
 * Starts posthog-js (loaded lazily, initialised once) on the product's pages only, and identifies the signed-in
 * user: on the first page after signing in (the login form posts and is redirected), and for a session restored
 * from a cookie. On an operator page (the dashboard, Connect) posthog-js is not even loaded: a dashboard open in
 * a second tab then captures nothing and leaves the shared session alone. Once a tab has it running, a
 * client-side navigation onto an operator page is covered by `before_send` (lib/posthog/before-send.ts), which
 * drops every event captured there; the reverse, an operator page navigating to a product page, starts it here.
 */
export function PosthogProvider({ config, children }: { config: PosthogBrowserConfig; children: ReactNode }) {
  const { user, productId } = config;
  const userId = user?.id;
  const email = user?.email;
  const tracked = isTrackedPath(usePathname() ?? "/");

  useEffect(() => {
    // The settings are handed over everywhere, so sign-out's `posthog.reset()` works on an operator page too.
    // The first config wins, so StrictMode's second run and later renders never init twice (CONTRACT §1).
    configurePosthog(config);
    if (!tracked) return;
    startPosthog(config).catch((error: unknown) => {
      // Blocked (an ad-blocker) or offline: the app works on without analytics.
      console.warn("PostHog analytics unavailable:", error);
    });
  }, [tracked]);

  // A layout effect, keyed on the user: after the login action's redirect, Next commits the new page and its URL
  // together, and posthog-js (already running since the login page) captures that URL's pageview in a microtask.
  // Identifying in this same task, before that microtask, makes the first product pageview the user's. A
  // re-render with the same user identifies nothing again (identifyUser also skips a user posthog-js already
  // has); an effect cleaned up before posthog-js arrived (signed out meanwhile) identifies nobody.
  useLayoutEffect(() => {
    if (!userId || !email) return;
    const signedIn = { id: userId, email };
    if (runWithPosthogNow((posthog) => identifyUser(posthog, signedIn, productId))) return;
    // Not running in this tab: an operator page leaves it unloaded; a product page's full load inits it, and this
    // runs right after init, before posthog-js captures that page's first pageview a tick later.
    if (!tracked) return;
    let current = true;
    void whenPosthogReady((posthog) => {
      if (current) identifyUser(posthog, signedIn, productId);
    });
    return () => {
      current = false;
    };
  }, [userId, email, productId, tracked]);

  return children;
}
