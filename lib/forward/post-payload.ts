import { connectorSignature } from "./sign-body";

export type PostOutcome = { status: number } | { error: string };

/** Network errors, timeouts, 408, 429 and 5xx are worth retrying; any other answer is final. */
export function isRetryable(outcome: PostOutcome): boolean {
  if ("error" in outcome) return true;
  return outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
}

export const isDelivered = (outcome: PostOutcome) => "status" in outcome && outcome.status >= 200 && outcome.status < 300;

/**
 * One signed POST of a payload to a receiver, as Autoplay's connector sends it: the JSON body, its
 * `X-Connector-Signature`, and an `X-Autoplay-Delivery-Id` that stays the same on every retry so the
 * receiver can drop a repeat. Redirects are not followed: a signed body goes only where it was configured.
 */
export async function postPayload(
  url: string,
  body: string,
  { secret, deliveryId, timeoutMs, fetchImpl = fetch }: { secret: string; deliveryId: string; timeoutMs: number; fetchImpl?: typeof fetch },
): Promise<PostOutcome> {
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "autoplay-posthog-activity-source",
        "x-connector-signature": connectorSignature(secret, body),
        "x-autoplay-delivery-id": deliveryId,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    return { status: response.status };
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return { error: cause.slice(0, 200) };
  }
}
