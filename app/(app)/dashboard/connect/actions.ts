"use server";

import { headers } from "next/headers";
import { auth } from "@/auth";
import { serverEnv } from "@/lib/config/env";
import { publicOrigin } from "@/lib/http/public-origin";
import { TEST_DELIVERY_HEADER } from "@/lib/webhook/delivery-log-entry";
import { buildTestDelivery } from "@/lib/webhook/test-delivery";
import { SECRET_HEADER } from "@/lib/webhook/verify-secret";

export type TestDeliveryResult = { status: number; body: string };

/** Sends a test event to this app's webhook over HTTP, with the configured secret, as PostHog would. */
export async function sendTestDelivery(): Promise<TestDeliveryResult> {
  if (!(await auth())?.user) return { status: 401, body: "Sign in again to send a test delivery." };
  const env = serverEnv();
  const origin = publicOrigin(await headers());
  const secret = env.webhookSecrets[0];
  try {
    const response = await fetch(`${origin}/api/webhooks/posthog`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        [TEST_DELIVERY_HEADER]: "1",
        ...(secret ? { [SECRET_HEADER]: secret } : {}),
      },
      body: JSON.stringify(buildTestDelivery(origin, env.productId)),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.text()).slice(0, 2_000) };
  } catch (error) {
    return { status: 0, body: `Could not reach ${origin}/api/webhooks/posthog: ${(error as Error).message}` };
  }
}

/** The full secret, only for a signed-in user who asked to copy it: it never sits in the page's HTML. */
export async function revealWebhookSecret(): Promise<string | null> {
  if (!(await auth())?.user) return null;
  return serverEnv().webhookSecrets[0] ?? null;
}
