import { feedEntryToPayload } from "../activity/feed-to-payload";
import type { FeedEntry } from "../activity/feed-entry";
import { withConversation } from "../autoplay/with-conversation";
import { eventStream } from "../sse/event-stream";
import type { ActivityStore } from "../store/activity-store";
import { cachedConversation, conversationOf } from "./conversation-cache";

export type AgentStreamOptions = {
  store: ActivityStore;
  /** Where to resume (Last-Event-ID), or null for "from now". */
  after: string | null;
  /** Which sessions this stream follows. */
  matches: (entry: FeedEntry) => boolean;
  signal?: AbortSignal;
  closeAfterMs?: number;
};

/**
 * The agent stream in Autoplay's wire format (CONTRACT §3/§4), shared by `/api/stream` and the SDK's
 * `/stream/{product_id}`: one ActionsPayload per `data:` frame, with the session's linked conversation.
 * Every block is a heartbeat or JSON data, so Autoplay's SDK parses each one.
 */
export function agentStream({ store, after, matches, signal, closeAfterMs }: AgentStreamOptions): ReadableStream<Uint8Array> {
  return eventStream({
    signal,
    closeAfterMs,
    subscribe: (push) => {
      // Most frames are answered from the cache at once; a frame whose session must be looked up waits, and
      // every frame after it queues behind, so frames keep feed order.
      let chain: Promise<void> = Promise.resolve();
      let waiting = 0;
      return store.subscribe(after, (entry) => {
        if (!matches(entry)) return;
        const payload = feedEntryToPayload(entry);
        if (!payload) return;
        const sessionId = entry.session.session_id;
        const cached = waiting === 0 ? cachedConversation(store, sessionId) : undefined;
        if (cached !== undefined) {
          push({ id: entry.id, data: withConversation(payload, cached) });
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
          push({ id: entry.id, data: withConversation(payload, conversation) });
        });
      });
    },
  });
}
