"use client";

import { type ReactNode, useEffect } from "react";
import type { PosthogBrowserConfig } from "@/lib/posthog/browser-config";
import { identifyUser } from "@/lib/posthog/identify-user";
import { startPosthog, whenPosthogReady } from "./posthog-client";

/** Starts posthog-js (loaded lazily, initialised once) and identifies a session restored from a cookie. */
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
    if (!userId || !email) return;
    // Keyed on the user, not the config object, so a re-render with the same user identifies nothing again;
    // an effect cleaned up before posthog-js arrived (signed out meanwhile) identifies nobody.
    let current = true;
    void whenPosthogReady((posthog) => {
      if (current) identifyUser(posthog, { id: userId, email }, productId);
    });
    return () => {
      current = false;
    };
  }, [userId, email, productId]);

  return children;
}
