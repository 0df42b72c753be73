"use client";

import { useTransition } from "react";
import { ANALYTICS_WAIT_MS, whenPosthogReady } from "@/app/posthog-client";
import { signOutAction } from "./actions";

export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  return (
    <button
      id="sign-out"
      type="button"
      className="btn btn-ghost"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          // Forget the user first, so nothing after this point is attributed to them (CONTRACT §1). Sign-out
          // goes ahead even when posthog-js is blocked or slow.
          await whenPosthogReady((posthog) => posthog.reset(), { waitMs: ANALYTICS_WAIT_MS });
          await signOutAction();
        })
      }
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
