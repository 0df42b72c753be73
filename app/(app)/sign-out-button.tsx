"use client";

import posthog from "posthog-js";
import { useTransition } from "react";
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
          // Forget the user first, so nothing after this point is attributed to them (CONTRACT §1).
          posthog.reset();
          await signOutAction();
        })
      }
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
