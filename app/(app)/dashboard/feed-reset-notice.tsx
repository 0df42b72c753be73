"use client";

import { useState } from "react";
import type { FeedReset, FeedResetReason } from "@/lib/activity/feed-reset";
import styles from "./feed-reset-notice.module.css";

const TEXT: Record<FeedResetReason, string> = {
  other_generation: "The server's store restarted: sessions reloaded.",
  expired: "Away too long to catch up: sessions reloaded.",
  invalid: "The live feed could not resume: sessions reloaded.",
};

/**
 * Says, politely, that the live feed reset and the view was reloaded (sessions the store no longer holds are
 * gone from it). The live region is always rendered, so screen readers announce the text when it appears.
 */
export function FeedResetNotice({ reset }: { reset: (FeedReset & { at: number }) | null }) {
  const [dismissed, setDismissed] = useState<number | null>(null);
  const shown = reset !== null && dismissed !== reset.at ? reset : null;
  return (
    <div role="status" className={styles.region} data-testid="feed-reset" data-reason={shown?.reason}>
      {shown && (
        <p className={styles.notice} title={shown.message}>
          {TEXT[shown.reason]}
          <button type="button" className={styles.dismiss} onClick={() => setDismissed(shown.at)} aria-label="Dismiss">
            ×
          </button>
        </p>
      )}
    </div>
  );
}
