import { StreamFilterSchema } from "@/lib/activity/feed-to-payload";
import { agentStream } from "@/lib/agent/agent-stream";
import { invalidFilter } from "@/lib/agent/invalid-filter";
import { otherMethods } from "@/lib/http/api-error";
import { SSE_HEADERS } from "@/lib/sse/event-stream";
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

  const params = new URL(request.url).searchParams;
  const filter = StreamFilterSchema.safeParse(Object.fromEntries(params));
  if (!filter.success) return invalidFilter(filter.error).toResponse();

  const after = request.headers.get("last-event-id") ?? params.get("after");
  const body = agentStream({
    store: getStore(),
    after: after || null,
    filter: filter.data,
    productId,
    signal: request.signal,
    closeAfterMs: (maxDuration - 30) * 1000,
  });
  return new Response(body, { headers: SSE_HEADERS });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
