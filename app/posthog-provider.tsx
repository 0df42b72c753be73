"use client";

import { type ReactNode, useEffect, useLayoutEffect } from "react";
import type { PosthogBrowserConfig } from "@/lib/posthog/browser-config";
import { identifyUser } from "@/lib/posthog/identify-user";
import { runWithPosthogNow, startPosthog, whenPosthogReady } from "./posthog-client";

/**
 * Starts posthog-js (loaded lazily, initialised once) and identifies the signed-in user: on the first page
 * after signing in (the login form posts and is redirected), and for a session restored from a cookie.
 */
export function PosthogProvider({ config, children }: { config: PosthogBrowserConfig; children: ReactNode }) {
  const { user, productId } = config;
  const userId = user?.id;
  const email = user?.email;

  useEffect(() => {
    // The first config wins, so StrictMode's second run and later renders never init twice (CONTRACT §1).
    startPosthog(config).catch((error: unknown) => {
      // Blocked (an ad-blocker) or offline: the app works on without analytics.
      console.warn("PostHog analytics unavailable:", error);
    });
    // Once: the first config is the one posthog-js keeps.
  }, []);

  // A layout effect, keyed on the user: after the login action's redirect, Next commits the new page and its URL
  // together, and posthog-js captures that URL's pageview in a microtask. Identifying in this same task, before
  // that microtask, makes the first product pageview the user's. A re-render with the same user identifies
  // nothing again; an effect cleaned up before posthog-js arrived (signed out meanwhile) identifies nobody.
  useLayoutEffect(() => {
    if (!userId || !email) return;
    const signedIn = { id: userId, email };
    if (runWithPosthogNow((posthog) => identifyUser(posthog, signedIn, productId))) return;
    // Not loaded yet (a full page load): posthog-js captures its first pageview a tick after init, and this
    // runs right after init, so the user is identified before that pageview too.
    let current = true;
    void whenPosthogReady((posthog) => {
      if (current) identifyUser(posthog, signedIn, productId);
    });
    return () => {
      current = false;
    };
  }, [userId, email, productId]);

  return children;
}
