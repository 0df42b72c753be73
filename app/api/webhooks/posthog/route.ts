import { serverEnv } from "@/lib/config/env";
import { getStore } from "@/lib/store/store";
import { handleDelivery } from "@/lib/webhook/handle-delivery";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const env = serverEnv();
  return handleDelivery(request, {
    store: getStore(),
    secrets: env.webhookSecrets,
    maxBodyBytes: env.webhookMaxBodyBytes,
    productId: env.productId,
  });
}
