import { agentStreamResponse } from "@/lib/agent/agent-stream";
import { otherMethods } from "@/lib/http/api-error";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../../api/_auth/require-viewer";

export const dynamic = "force-dynamic";
// Vercel stops a function at maxDuration; the stream closes itself 30 s earlier and the client reconnects.
export const maxDuration = 300;

/**
 * The URL Autoplay's SDK is pointed at (`AsyncConnectorClient(url="https://<host>/stream/<product_id>")`,
 * CONTRACT §4): the agent stream of `/api/stream`, limited to one product, with the same frames and filters.
 */
export async function GET(request: Request, context: { params: Promise<{ productId: string }> }): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const { productId } = await context.params;
  return agentStreamResponse(request, { store: getStore(), productId, closeAfterMs: (maxDuration - 30) * 1000 });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
