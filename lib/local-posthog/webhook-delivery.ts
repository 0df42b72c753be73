import type { Person } from "./person-store";

/**
 * What PostHog's HTTP Webhook destination does with the default body template (CONTRACT §2): the
 * `{"event": "{event}", "person": "{person}"}` body, the user's `X-PostHog-Secret` header, and its retry policy.
 */

export type WebhookEvent = {
  uuid: string;
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  elements_chain: string;
  /** ISO 8601. */
  timestamp: string;
  url: string;
};
export type WebhookPerson = { id: string; properties: Record<string, unknown>; name: string; url: string };
export type DefaultWebhookBody = { event: WebhookEvent; person: WebhookPerson };

export type WebhookBodyInput = {
  uuid: string;
  event: string;
  distinctId: string;
  properties: Record<string, unknown>;
  elementsChain: string;
  timestamp: Date;
  person: Person;
  /** POSTHOG_UI_HOST: where PostHog's links in the body point. */
  uiHost: string;
};

export function buildWebhookBody(input: WebhookBodyInput): DefaultWebhookBody {
  const uiHost = input.uiHost.replace(/\/+$/, "");
  const timestamp = input.timestamp.toISOString();
  const email = input.person.properties.email;
  return {
    event: {
      uuid: input.uuid,
      event: input.event,
      distinct_id: input.distinctId,
      properties: input.properties,
      elements_chain: input.elementsChain,
      timestamp,
      url: `${uiHost}/project/local/events/${encodeURIComponent(input.uuid)}/${encodeURIComponent(timestamp)}`,
    },
    person: {
      id: input.person.id,
      properties: input.person.properties,
      name: typeof email === "string" && email !== "" ? email : input.distinctId,
      url: `${uiHost}/project/local/person/${encodeURIComponent(input.distinctId)}`,
    },
  };
}

export const MAX_ATTEMPTS = 3;
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_LOGGED_BODY = 1_000;

export type DeliveryOptions = {
  webhookUrl: string;
  /** Sent as `X-PostHog-Secret`; null sends no secret header (the webhook then says what is missing). */
  secret: string | null;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
};

export type DeliveryResult = { uuid: string; ok: boolean; status: number | null; attempts: number };

// undici's "fetch failed" hides the reason (ECONNREFUSED, a timeout…) in `cause`.
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${detail})` : error.message;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PostHog's spacing: about 1 s × attempt plus up to 1 s of jitter. */
export const retryDelayMs = (attempt: number, random: () => number = Math.random) => 1_000 * attempt + Math.floor(random() * 1_000);

async function deliverOne(body: DefaultWebhookBody, options: DeliveryOptions): Promise<DeliveryResult> {
  const { webhookUrl, secret, fetch: fetchImpl = fetch, sleep = defaultSleep, random = Math.random, timeoutMs = 10_000 } = options;
  // Serialised once: a retry resends identical bytes, exactly like PostHog.
  const payload = JSON.stringify(body);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (secret !== null) headers["X-PostHog-Secret"] = secret;
  const label = `${body.event.event} ${body.event.uuid}`;

  for (let attempt = 1; ; attempt++) {
    let status: number | null = null;
    let retryable: boolean;
    let problem: string;
    try {
      const response = await fetchImpl(webhookUrl, {
        method: "POST",
        headers,
        body: payload,
        // PostHog does not follow redirects: a 3xx (e.g. a trailing-slash 308) is a failed delivery.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      const text = await response.text().catch(() => "");
      if (status >= 200 && status < 300) return { uuid: body.event.uuid, ok: true, status, attempts: attempt };
      retryable = RETRYABLE_STATUSES.has(status);
      problem = `HTTP ${status} ${text.slice(0, MAX_LOGGED_BODY)}`;
    } catch (error) {
      retryable = true;
      problem = `network error: ${describeError(error)}`;
    }
    const final = !retryable || attempt === MAX_ATTEMPTS;
    console.warn(
      `[local-posthog] webhook delivery of ${label} to ${webhookUrl} failed (attempt ${attempt}/${MAX_ATTEMPTS}${final ? ", giving up" : ", retrying"}): ${problem}`,
    );
    if (final) return { uuid: body.event.uuid, ok: false, status, attempts: attempt };
    await sleep(retryDelayMs(attempt, random));
  }
}

/** Delivers a batch's events one after another, in the order received; a failed event does not stop the rest. */
export async function deliverEvents(bodies: DefaultWebhookBody[], options: DeliveryOptions): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (const body of bodies) results.push(await deliverOne(body, options));
  return results;
}
