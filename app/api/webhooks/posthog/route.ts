import { after } from "next/server";
import { serverEnv } from "@/lib/config/env";
import { getForwarder } from "@/lib/forward/get-forwarder";
import { otherMethods } from "@/lib/http/api-error";
import { getStore } from "@/lib/store/store";
import { handleDelivery } from "@/lib/webhook/handle-delivery";

export const dynamic = "force-dynamic";

/** PostHog's HTTP Webhook destination delivers here (CONTRACT §2). */
export async function POST(request: Request): Promise<Response> {
  const env = serverEnv();
  const forwarder = getForwarder();
  // Fixes where a new push target starts before this delivery is recorded; never in the way of storing it.
  await forwarder?.ready().catch((error: unknown) => console.warn("push delivery not ready:", error));
  const response = await handleDelivery(request, {
    store: getStore(),
    secrets: env.webhookSecrets,
    maxBodyBytes: env.webhookMaxBodyBytes,
    productId: env.productId,
    secretUrlParams: env.secretUrlParams,
  });
  // Push delivery runs after the response: PostHog never waits on a receiver, and a slow one delays nothing.
  if (forwarder && response.status === 200) after(() => forwarder.drain());
  return response;
}

// Someone opening the URL in a browser to check it gets an explanation, not a bare 405.
export const { GET, PUT, PATCH, DELETE } = otherMethods(
  ["POST"],
  "This is the right URL: paste it into a PostHog HTTP Webhook destination with method POST.",
);
