import { otherMethods } from "@/lib/http/api-error";
import { after } from "next/server";
import { serverEnv } from "@/lib/config/env";
import { handleStandinRequest } from "@/lib/local-posthog/handle-standin-request";
import { personStore } from "@/lib/local-posthog/person-store";

// The local PostHog stand-in: posthog-js' api_host is `${origin}/standin` when POSTHOG_KEY is not set.
export const dynamic = "force-dynamic";

let warnedNoSecret = false;

async function handle(request: Request): Promise<Response> {
  const env = serverEnv();
  const secret = env.webhookSecrets[0] ?? null;
  if (secret === null && env.posthog.key === null && !warnedNoSecret) {
    warnedNoSecret = true;
    console.warn(
      "[local-posthog] POSTHOG_WEBHOOK_SECRET is not set: the stand-in delivers events without X-PostHog-Secret, " +
        "so the webhook will refuse them. Set POSTHOG_WEBHOOK_SECRET to any string of 16+ characters.",
    );
  }
  const { response, afterResponse } = await handleStandinRequest(request, {
    posthogKey: env.posthog.key,
    uiHost: env.posthog.uiHost,
    webhookUrl: env.localPosthogWebhookUrl ?? new URL("/api/webhooks/posthog", request.url).toString(),
    secret,
    persons: personStore(),
  });
  // The browser gets its 200 at once; delivery (with PostHog's retries) runs after the response.
  if (afterResponse) after(afterResponse);
  return response;
}

export const GET = handle;
export const POST = handle;
export const OPTIONS = handle;

export const { PUT, PATCH, DELETE } = otherMethods(["GET", "POST"]);
