import { randomUUID } from "node:crypto";

/**
 * A delivery shaped exactly like PostHog's default webhook body, for the "Send a test delivery" button: it
 * goes through the same URL, header and pipeline as a real one, so a 200 proves the whole path works.
 */
export function buildTestDelivery(origin: string, productId: string, now = new Date()) {
  const uuid = randomUUID();
  const sessionId = `webhook-test-${now.toISOString().slice(0, 10)}`;
  return {
    event: {
      uuid,
      event: "$pageview",
      distinct_id: "posthog-webhook-test",
      properties: {
        $current_url: `${origin}/dashboard/connect`,
        $pathname: "/dashboard/connect",
        $session_id: sessionId,
        $is_identified: false,
        title: "Webhook test delivery",
        $lib: "autoplay-webhook-test",
      },
      elements_chain: "",
      timestamp: now.toISOString(),
      url: null,
    },
    person: { id: uuid, properties: { product_id: productId }, name: "posthog-webhook-test", url: null },
  };
}
