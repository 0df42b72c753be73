import type { Metadata } from "next";
import { headers } from "next/headers";
import { serverEnv } from "@/lib/config/env";
import { getForwarder } from "@/lib/forward/get-forwarder";
import { publicOrigin } from "@/lib/http/public-origin";
import { getStore } from "@/lib/store/store";
import { StoreUnavailableError } from "@/lib/store/store-unavailable-error";
import { maskSecret } from "@/lib/webhook/mask-secret";
import { SECRET_HEADER } from "@/lib/webhook/verify-secret";
import { PageHeader } from "../../page-header";
import { requireUser } from "../../require-user";
import { CopyField } from "./copy-field";
import { DeliveryLog } from "./delivery-log";
import { PushTargets } from "./push-targets";
import styles from "./connect.module.css";
import { TestDeliveryButton } from "./test-delivery-button";

export const metadata: Metadata = { title: "Connect PostHog" };
export const dynamic = "force-dynamic";

/** Everything needed to point a PostHog HTTP Webhook destination here, and proof that it is firing. */
export default async function ConnectPage() {
  await requireUser("/dashboard/connect");
  const env = serverEnv();
  const webhookUrl = `${publicOrigin(await headers())}/api/webhooks/posthog`;
  const secret = env.webhookSecrets[0] ?? null;
  // The rest of the page needs no store: when it does not answer, only the log says so (and retries).
  const deliveries = await getStore()
    .recentDeliveries()
    .catch((error: unknown) => {
      if (error instanceof StoreUnavailableError) return null;
      throw error;
    });
  const forwarder = getForwarder();
  const push = forwarder
    ? await forwarder.statuses().then(
        (targets) => ({ targets, error: null }),
        (error: unknown) => ({ targets: [], error: error instanceof Error ? error.message : String(error) }),
      )
    : { targets: null, error: null };

  return (
    <>
      <PageHeader
        title="Connect PostHog"
        description="Stream every user's live activity from PostHog into this app, and from here into your agents."
      />

      {env.posthog.key === null ? (
        <div className="alert alert-info" data-testid="standin-notice">
          <strong>Running on the local PostHog stand-in.</strong> No <code>POSTHOG_KEY</code> is set, so this app&apos;s
          own pages send their events to the stand-in at <code>/standin</code>, which delivers them here exactly like
          PostHog&apos;s webhook would. Set <code>POSTHOG_KEY</code> to use your real PostHog project.
        </div>
      ) : null}

      {secret === null ? (
        <div className="alert" role="alert" data-testid="secret-missing">
          <strong>No webhook secret is configured.</strong> Deliveries are refused with 503 until you set{" "}
          <code>POSTHOG_WEBHOOK_SECRET</code> on this app.
        </div>
      ) : null}

      <section className={`card ${styles.setup}`} aria-labelledby="setup-heading">
        <h2 id="setup-heading">Set up the destination</h2>
        <ol className={styles.steps}>
          <li>
            In PostHog, open <strong>Data pipelines → Destinations → New destination</strong> and pick{" "}
            <strong>HTTP Webhook</strong>.
          </li>
          <li>
            <span>Set the <strong>Webhook URL</strong> (method POST):</span>
            <CopyField label="Webhook URL" value={webhookUrl} testId="webhook-url" />
          </li>
          <li>
            <span>
              Under <strong>Headers</strong>, add this header next to <code>Content-Type: application/json</code>:
            </span>
            <div className={styles.headerRow}>
              <CopyField label="Header name" value={SECRET_HEADER} testId="secret-header" />
              {secret !== null ? (
                <CopyField label="Header value" value={maskSecret(secret)} revealSecret testId="secret-value" />
              ) : null}
            </div>
          </li>
          <li>
            Keep the default body <code>{'{"event": "{event}", "person": "{person}"}'}</code> (Autoplay&apos;s flat
            body and <code>{'{"batch": [...]}'}</code> are accepted too), save, and send a test below or with
            PostHog&apos;s <strong>Test function</strong>.
          </li>
        </ol>
        <p className={styles.meaning}>
          In the destination&apos;s logs, <strong>200</strong> means the delivery was stored; <strong>401</strong> means
          the header is missing or its value is wrong (the response says which); <strong>400</strong> lists what is
          wrong with the body.
        </p>
        <TestDeliveryButton />
      </section>

      <DeliveryLog initial={deliveries} />

      <PushTargets targets={push.targets} error={push.error} />
    </>
  );
}
