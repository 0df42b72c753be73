"use client";

import { useEffect, useState } from "react";
import type { DeliveryLogEntry } from "@/lib/webhook/delivery-log-entry";
import { revealInvisible } from "../format";
import styles from "./connect.module.css";

const POLL_MS = 1_500;
const SHAPE_LABEL: Record<string, string> = { default: "PostHog default", autoplay_flat: "Autoplay flat", batch: "Batch" };

/**
 * The latest deliveries, refreshed every 1.5 s while the page is visible. `initial` is null when the store
 * did not answer: the log then says so and fills in once a refresh gets through.
 */
export function DeliveryLog({ initial }: { initial: DeliveryLogEntry[] | null }) {
  const [deliveries, setDeliveries] = useState(initial ?? []);
  const [unavailable, setUnavailable] = useState(initial === null);

  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch("/api/deliveries", { cache: "no-store" });
        if (stopped) return;
        if (response.status === 503) setUnavailable(true);
        if (!response.ok) return;
        const { deliveries } = await response.json();
        if (stopped) return;
        setDeliveries(deliveries);
        setUnavailable(false);
      } catch {
        // Offline for a moment: the next tick retries.
      }
    };
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <section className={`card ${styles.log}`} aria-labelledby="log-heading">
      <div className={styles.logHeader}>
        <h2 id="log-heading">Latest deliveries</h2>
        <span className={styles.logHint}>Updates live · newest first</span>
      </div>
      {unavailable ? (
        <p className={styles.empty} role="status" data-testid="store-unavailable">
          Store unavailable, retrying… The activity store did not answer in time; this list fills in once it does.
        </p>
      ) : null}
      {unavailable && deliveries.length === 0 ? null : deliveries.length === 0 ? (
        <p className={styles.empty}>
          Nothing has arrived yet. Send a test delivery above, or use the app in another tab: the local stand-in
          delivers its events here.
        </p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col">Shape</th>
                <th scope="col">Events</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.id} data-testid="delivery-row" data-status={delivery.status}>
                  <td className={styles.mono}>
                    <time dateTime={new Date(delivery.received_at * 1000).toISOString()} suppressHydrationWarning>
                      {new Date(delivery.received_at * 1000).toLocaleTimeString([], { hour12: false })}
                    </time>
                  </td>
                  <td>
                    <span className={`badge ${delivery.status === 200 ? "badge-success" : "badge-warning"}`}>
                      {delivery.status}
                    </span>
                  </td>
                  <td>
                    {delivery.shape ? SHAPE_LABEL[delivery.shape] : "—"}
                    {delivery.test ? <span className={styles.testTag}>test</span> : null}
                  </td>
                  <td className={styles.mono}>{delivery.events}</td>
                  <td className={styles.result}>
                    {delivery.status === 200 ? summary(delivery) : (
                      <span className={styles.reason} title={revealInvisible(delivery.reason ?? "")}>
                        {revealInvisible(delivery.reason ?? "")}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function summary(delivery: DeliveryLogEntry): string {
  const parts = [`${delivery.accepted} stored`];
  if (delivery.duplicates) parts.push(`${delivery.duplicates} duplicate`);
  for (const [reason, count] of Object.entries(delivery.skipped)) parts.push(`${count} skipped (${reason.replace(/_/g, " ")})`);
  return `${parts.join(" · ")} · ${delivery.duration_ms} ms`;
}
