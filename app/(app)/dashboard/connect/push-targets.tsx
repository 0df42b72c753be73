import type { TargetView } from "@/lib/forward/forwarder";
import styles from "./connect.module.css";

/** Push delivery to the agents' receivers: each target, how its last attempt went, and what it still has to get. */
export function PushTargets({ targets, error }: { targets: TargetView[] | null; error: string | null }) {
  return (
    <section className={`card ${styles.log}`} aria-labelledby="push-heading" data-testid="push-targets">
      <div className={styles.logHeader}>
        <h2 id="push-heading">Push to your agents</h2>
        <span className={styles.logHint}>Signed with X-Connector-Signature · as of this page load</span>
      </div>
      {targets === null ? (
        <p className={styles.empty}>
          Push delivery is off. Set <code>AUTOPLAY_FORWARD_URLS</code> (comma-separated) and{" "}
          <code>AUTOPLAY_FORWARD_SECRET</code> to POST every new batch of actions to your receivers, as Autoplay&apos;s
          connector does.
        </p>
      ) : error !== null ? (
        <p className={styles.empty} role="alert">
          Push status is unavailable: {error}
        </p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">Last status</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Delivered</th>
                <th scope="col">Refused</th>
                <th scope="col">Backlog</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((target) => (
                <tr key={target.url} data-testid="push-target">
                  <td className={styles.mono}>{target.url}</td>
                  <td data-testid="push-last-status">{outcomeBadge(target)}</td>
                  <td className={styles.mono}>
                    {target.last_attempt_at === null ? "—" : (
                      <time dateTime={new Date(target.last_attempt_at * 1000).toISOString()} suppressHydrationWarning>
                        {new Date(target.last_attempt_at * 1000).toLocaleTimeString([], { hour12: false })}
                      </time>
                    )}
                  </td>
                  <td className={styles.mono}>{target.delivered}</td>
                  <td className={styles.mono}>{target.rejected}</td>
                  <td className={styles.mono} data-testid="push-backlog">
                    {target.backlog}
                    {target.backlog_capped ? "+" : ""}
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

function outcomeBadge({ last_outcome }: TargetView) {
  if (last_outcome === null) return "not yet";
  if ("error" in last_outcome) return <span className="badge badge-warning">{`network error: ${last_outcome.error}`}</span>;
  const ok = last_outcome.status >= 200 && last_outcome.status < 300;
  return <span className={`badge ${ok ? "badge-success" : "badge-warning"}`}>{last_outcome.status}</span>;
}
