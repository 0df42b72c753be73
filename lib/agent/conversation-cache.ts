import type { ActivityStore } from "../store/activity-store";

const MAX_CACHED = 10_000;
const caches = new WeakMap<ActivityStore, Map<string, string>>();

/**
 * The conversations of sessions, for every frame and push an agent receives. A link never changes once made
 * (it is sticky), so a link found is kept per store and asked again never; a session not linked yet is asked
 * each time, so a link made on another instance shows on the very next frame.
 */
export async function conversationsOf(store: ActivityStore, sessionIds: readonly string[]): Promise<(string | null)[]> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const missing = [...new Set(sessionIds.filter((id) => !cache.has(id)))];
  if (missing.length > 0) {
    const found = await store.conversationsOf(missing);
    missing.forEach((id, i) => {
      const conversation = found[i];
      if (conversation == null) return;
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(id, conversation);
    });
  }
  return sessionIds.map((id) => cache.get(id) ?? null);
}

export async function conversationOf(store: ActivityStore, sessionId: string): Promise<string | null> {
  return (await conversationsOf(store, [sessionId]))[0]!;
}
