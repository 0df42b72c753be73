import { type StreamFilter, StreamFilterSchema } from "../activity/feed-to-payload";
import { filteredFeed, type ReindexFrame } from "../activity/identity-backfill";
import type { ActionsPayload } from "../autoplay/actions-payload";
import { withConversation } from "../autoplay/with-conversation";
import { announcePosition, eventStream, SSE_HEADERS } from "../sse/event-stream";
import type { ActivityStore } from "../store/activity-store";
import { cachedConversation, conversationOf } from "./conversation-cache";
import { invalidFilter } from "./invalid-filter";

export type AgentStreamOptions = {
  store: ActivityStore;
  /** Where to resume (Last-Event-ID), or null for "from now". */
  after: string | null;
  /** Which sessions this stream follows (`session_id`, `user_id`, `email`). */
  filter: StreamFilter;
  /** Only this product's sessions (the SDK's `/stream/{product_id}`); every product when absent. */
  productId?: string;
  signal?: AbortSignal;
  closeAfterMs?: number;
  heartbeatMs?: number;
};

/**
 * The agent stream in Autoplay's wire format (CONTRACT §3/§4), shared by `/api/stream` and the SDK's
 * `/stream/{product_id}`: one ActionsPayload per `data:` frame, with the session's linked conversation, and an
 * `event: reindex` frame when a late action moved indices the agent already has. A stream filtered by user or
 * email also gets a session's earlier actions once, when the session gains that identity (identity-backfill.ts).
 * Its position travels from the first block (the opening heartbeat's `id:`), and an `event: reset` frame says
 * when the client's Last-Event-ID could not be resumed (feed-reset.ts). Every block is a heartbeat or JSON
 * data, so Autoplay's SDK parses each one.
 */
export function agentStream({ store, after, filter, productId, signal, closeAfterMs, heartbeatMs }: AgentStreamOptions): ReadableStream<Uint8Array> {
  return eventStream({
    signal,
    closeAfterMs,
    heartbeatMs,
    subscribe: (push, position) => {
      // Most frames are answered from the cache at once; a frame whose session must be looked up waits, and
      // every frame after it (reindex and reset frames, and position marks, too) queues behind, so frames keep
      // feed order and a heartbeat's id never passes a frame not yet sent.
      let chain: Promise<void> = Promise.resolve();
      let waiting = 0;
      const inOrder = (step: () => void) => {
        if (waiting === 0) step();
        else chain = chain.then(step);
      };
      const sendPayload = (id: string, payload: ActionsPayload) => {
        const sessionId = payload.session_id;
        if (sessionId === null) return inOrder(() => push({ id, data: payload }));
        const cached = waiting === 0 ? cachedConversation(store, sessionId) : undefined;
        if (cached !== undefined) {
          push({ id, data: withConversation(payload, cached) });
          return;
        }
        waiting++;
        chain = chain.then(async () => {
          const conversation = await conversationOf(store, sessionId).catch((error: unknown) => {
            // The link is an addition to the frame: an unreadable one never holds back the actions themselves.
            console.warn("could not read the conversation link of a streamed session", error);
            return null;
          });
          waiting--;
          push({ id, data: withConversation(payload, conversation) });
        });
      };
      const sendReindex = (id: string, frame: ReindexFrame) => inOrder(() => push({ id, event: "reindex", data: frame }));
      // An entry this stream sends nothing for still moves its position, so a stream that follows a quiet user
      // is not told its position expired when the entries it skipped are trimmed.
      const passed = (id: string) => inOrder(() => position(id));
      const feed = filteredFeed(filter, (sessionId) => store.getSession(sessionId), sendPayload, sendReindex, passed);
      return store.subscribe(
        after,
        (entry) => feed.entry(entry, productId === undefined || entry.session.product_id === productId),
        (start) => feed.afterQueued(() => inOrder(() => announcePosition(start, push, position))),
      );
    },
  });
}

/**
 * The response of an agent stream route (`/api/stream`, `/stream/{product_id}`) once the viewer is let in:
 * the query's filter (400 when invalid), resuming from `Last-Event-ID` or `?after=`.
 */
export function agentStreamResponse(
  request: Request,
  options: Pick<AgentStreamOptions, "store" | "productId" | "closeAfterMs">,
): Response {
  const params = new URL(request.url).searchParams;
  const filter = StreamFilterSchema.safeParse(Object.fromEntries(params));
  if (!filter.success) return invalidFilter(filter.error).toResponse();
  const after = request.headers.get("last-event-id") ?? params.get("after");
  const body = agentStream({ ...options, after: after || null, filter: filter.data, signal: request.signal });
  return new Response(body, { headers: SSE_HEADERS });
}
