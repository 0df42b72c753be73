"use client";

import { useCopied } from "../../use-copied";
import { revealWebhookSecret } from "./actions";
import styles from "./connect.module.css";

/** A read-only value with a Copy button; for the secret, the real value is fetched only when copied. */
export function CopyField({
  label,
  value,
  revealSecret = false,
  testId,
}: {
  label: string;
  value: string;
  revealSecret?: boolean;
  testId?: string;
}) {
  const [state, copy] = useCopied(2_000);

  return (
    <div className={styles.copyField}>
      <span className={styles.copyLabel}>{label}</span>
      <div className={styles.copyRow}>
        <code className={styles.copyValue} data-testid={testId}>
          {value}
        </code>
        <button type="button" className="btn btn-secondary ph-no-capture" onClick={() => copy(revealSecret ? revealWebhookSecret() : value)} aria-label={`Copy ${label}`}>
          {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
        </button>
      </div>
    </div>
  );
}
