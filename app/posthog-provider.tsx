"use client";

import posthog from "posthog-js";
import { PostHogProvider } from "posthog-js/react";
import { type ReactNode, useEffect } from "react";
import { type PosthogBrowserConfig, absoluteApiHost } from "@/lib/posthog/browser-config";
import { posthogInitOptions } from "@/lib/posthog/client-options";
import { identifyUser } from "@/lib/posthog/identify-user";

// Module-level, so React StrictMode's double effects and remounts never init twice (CONTRACT §1).
let initialised = false;

function initOnce(config: PosthogBrowserConfig): void {
  if (initialised || posthog.__loaded) return;
  initialised = true;
  const apiHost = absoluteApiHost(config.apiHost, window.location.origin);
  posthog.init(config.key, posthogInitOptions({ apiHost, uiHost: config.uiHost, productId: config.productId }));
}

export function PosthogProvider({ config, children }: { config: PosthogBrowserConfig; children: ReactNode }) {
  const { user, productId } = config;
  const userId = user?.id;
  const email = user?.email;

  useEffect(() => {
    initOnce(config);
    // Keyed on the user, not the config object, so a re-render with the same user identifies nothing again.
    // A session restored from a cookie (reload, new tab) is identified here, once.
    if (userId && email) identifyUser(posthog, { id: userId, email }, productId);
  }, [userId, email, productId]);

  return <PostHogProvider client={posthog}>{children}</PostHogProvider>;
}
