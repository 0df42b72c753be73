"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { STORE_RETRY_AFTER_SECONDS } from "@/lib/http/store-read";

/**
 * What a page shows instead of Next's error page when the store did not answer: it says so, and asks the
 * server again on its own every few seconds (or at once, on the button) until the page can render.
 */
export function StoreUnavailable({ what }: { what: string }) {
  const router = useRouter();
  const [attempts, setAttempts] = useState(0);
  const [retrying, startRetry] = useTransition();

  useEffect(() => {
    const timer = setTimeout(() => {
      startRetry(() => router.refresh());
      setAttempts((n) => n + 1);
    }, STORE_RETRY_AFTER_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [attempts, router]);

  return (
    <section className="card" aria-labelledby="store-unavailable-title" data-testid="store-unavailable">
      <h2 id="store-unavailable-title">Store unavailable, retrying…</h2>
      <p role="status">
        The activity store did not answer in time, so {what} can&apos;t be shown right now. This page tries again every{" "}
        {STORE_RETRY_AFTER_SECONDS} seconds{attempts > 0 ? ` (attempt ${attempts + 1})` : ""}; deliveries PostHog sends
        meanwhile are refused with 503 and retried by PostHog, so nothing is lost.
      </p>
      <button
        type="button"
        className="btn btn-secondary"
        disabled={retrying}
        onClick={() => startRetry(() => router.refresh())}
      >
        {retrying ? "Retrying…" : "Retry now"}
      </button>
    </section>
  );
}
