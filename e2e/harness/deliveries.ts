import { randomUUID } from "node:crypto";
import { E2E_ENV } from "../../playwright.config";

/** A delivery in PostHog's default webhook body: a click, unique by uuid and by its timestamp. */
export function clickDelivery(sessionId: string, at: Date, label = "Export CSV") {
  const uuid = randomUUID();
  return {
    event: {
      uuid,
      event: "$autocapture",
      distinct_id: "user_loadtest",
      properties: {
        $event_type: "click",
        $el_text: label,
        $current_url: "https://app.example.com/projects/42",
        $session_id: sessionId,
        $is_identified: true,
        email: "load@example.com",
      },
      elements_chain: `button:nth-child="1"nth-of-type="1"text="${label}"`,
      timestamp: at.toISOString(),
      url: null,
    },
    person: { id: uuid, properties: { product_id: "acme-e2e" }, name: "load@example.com", url: null },
  };
}

export async function post(baseUrl: string, body: string, secret = E2E_ENV.POSTHOG_WEBHOOK_SECRET) {
  const response = await fetch(`${baseUrl}/api/webhooks/posthog`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-posthog-secret": secret },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** Runs `jobs` with at most `concurrency` in flight (like 50 keep-alive connections). */
export async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

/**
 * A `{"batch": [...]}` body opening `count` identified sessions `<prefix>-<i>` (i from `from`), one pageview
 * each, session i last active at `start` + i seconds, its user `<prefix>-user-<i>` with email
 * `person<i>@example.com`.
 */
export function sessionsBatch(prefix: string, from: number, count: number, start: number) {
  return {
    batch: Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        uuid: randomUUID(),
        event: "$pageview",
        timestamp: new Date(start + i * 1000).toISOString(),
        distinct_id: `${prefix}-user-${i}`,
        properties: {
          $session_id: `${prefix}-${i}`,
          $current_url: `https://app.example.com/projects/${i}`,
          $is_identified: true,
          email: `person${i}@example.com`,
        },
      };
    }),
  };
}
