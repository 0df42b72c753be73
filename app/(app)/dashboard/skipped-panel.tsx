"use client";

import { memo } from "react";
import type { SkipStats } from "@/lib/store/activity-store";
import { RelativeTime } from "./bits";
import styles from "./dashboard.module.css";
import { revealInvisible, shortId } from "./format";

type Props = {
  stats: SkipStats;
  serverNow: number;
  refreshing: boolean;
  onRefresh: () => void;
};

/** Events that never became actions (no `$session_id`, low-signal, custom): counted and listed, never hidden. */
export const SkippedPanel = memo(function SkippedPanel({ stats, serverNow, refreshing, onRefresh }: Props) {
  const reasons = Object.entries(stats.counts).sort(([, a], [, b]) => b - a);
  const total = reasons.reduce((sum, [, count]) => sum + count, 0);

  return (
    <details className={styles.skipped} data-testid="skipped-panel">
      <summary className={styles.skippedSummary}>
        <span className={styles.sectionTitle}>Skipped events</span>
        <span className={styles.countChip}>{total}</span>
      </summary>
      <div className={styles.skippedBody}>
        {total === 0 ? (
          <p className={styles.subtle}>
            None yet. Events without a <code>$session_id</code> and low-signal ones (<code>$pageleave</code>,{" "}
            <code>$identify</code>, …) are counted here instead of becoming actions.
          </p>
        ) : (
          <>
            <p className={styles.skippedHint}>Received, but not actions: counted here so nothing disappears silently.</p>
            <ul className={styles.reasonList} aria-label="Skipped events by reason">
              {reasons.map(([reason, count]) => (
                <li key={reason} className={styles.reasonChip} data-testid="skip-reason" data-reason={reason}>
                  <span className={styles.reasonName}>{reason}</span>
                  <span className={styles.reasonCount}>{count}</span>
                </li>
              ))}
            </ul>
            <ul className={styles.skippedList} aria-label="Recently skipped events">
              {stats.recent.map((event, i) => (
                <li key={`${event.timestamp}:${event.event}:${i}`} className={styles.skippedRow}>
                  <code className={styles.skippedEvent} title={revealInvisible(event.event)}>
                    {revealInvisible(event.event)}
                  </code>
                  <span className={styles.skippedReason} title={event.reason}>
                    {event.reason}
                  </span>
                  <span className={styles.skippedWho} title={event.distinct_id ? revealInvisible(event.distinct_id) : undefined}>
                    {event.distinct_id ? revealInvisible(shortId(event.distinct_id)) : "no distinct_id"}
                  </span>
                  <span className={styles.skippedWhen}>
                    <RelativeTime at={event.timestamp} serverNow={serverNow} />
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        <button type="button" className={`btn btn-ghost ${styles.refresh}`} onClick={onRefresh} disabled={refreshing}>
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
      </div>
    </details>
  );
});
