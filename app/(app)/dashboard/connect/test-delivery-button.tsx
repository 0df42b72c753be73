"use client";

import { useState, useTransition } from "react";
import { sendTestDelivery, type TestDeliveryResult } from "./actions";
import styles from "./connect.module.css";

export function TestDeliveryButton() {
  const [result, setResult] = useState<TestDeliveryResult | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <div className={styles.testRow}>
      <button
        type="button"
        className="btn btn-primary"
        disabled={pending}
        onClick={() => startTransition(async () => setResult(await sendTestDelivery()))}
      >
        {pending ? "Sending…" : "Send a test delivery"}
      </button>
      {result ? (
        <p className={styles.testResult} data-testid="test-delivery-result" role="status">
          <span className={`badge ${result.status === 200 ? "badge-success" : "badge-warning"}`}>
            {result.status === 0 ? "unreachable" : result.status}
          </span>
          <code>{result.body}</code>
        </p>
      ) : null}
    </div>
  );
}
