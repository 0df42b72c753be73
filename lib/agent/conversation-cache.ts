import type { ActivityStore } from "../store/activity-store";

const MAX_ENTRIES = 10_000;
/** How long "not linked" is believed before asking the store again: the most a link made on ANOTHER instance can lag. */
const UNLINKED_TTL_MS = 1_000;

type Cache = {
  /** Links never change once made (they are sticky), so a link found is kept. */
  linked: Map<string, string>;
  unlinkedUntil: Map<string, number>;
  /** Sessions asked for in this tick, answered together by one store call. */
  batch: { ids: Set<string>; done: Promise<void> } | null;
};

const caches = new WeakMap<ActivityStore, Cache>();

function cacheOf(store: ActivityStore): Cache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = { linked: new Map(), unlinkedUntil: new Map(), batch: null }));
  return cache;
}

/**
 * The conversations of sessions, for every frame and push an agent receives. Every open stream asks for every
 * frame, so asks are batched per tick (one store call however many streams) and "not linked yet" is trusted
 * for a second. A link made through this process shows at once (noteLinked); one made on another instance
 * shows within a second.
 */
export async function conversationsOf(store: ActivityStore, sessionIds: readonly string[]): Promise<(string | null)[]> {
  const cache = cacheOf(store);
  const now = Date.now();
  const missing = sessionIds.filter((id) => !cache.linked.has(id) && (cache.unlinkedUntil.get(id) ?? 0) <= now);
  if (missing.length > 0) await ask(store, cache, missing);
  return sessionIds.map((id) => cache.linked.get(id) ?? null);
}

/**
 * The answer the cache already holds, without waiting: the conversation, null (not linked, recently asked),
 * or undefined when the store must be asked. Lets a stream send most frames at once.
 */
export function cachedConversation(store: ActivityStore, sessionId: string): string | null | undefined {
  const cache = cacheOf(store);
  const linked = cache.linked.get(sessionId);
  if (linked !== undefined) return linked;
  return (cache.unlinkedUntil.get(sessionId) ?? 0) > Date.now() ? null : undefined;
}

export async function conversationOf(store: ActivityStore, sessionId: string): Promise<string | null> {
  return (await conversationsOf(store, [sessionId]))[0]!;
}

/** What a link made through this process looks like to its own streams and pushes, from the next frame on. */
export function noteLinked(store: ActivityStore, sessionId: string, conversationId: string): void {
  const cache = cacheOf(store);
  remember(cache.linked, sessionId, conversationId);
  cache.unlinkedUntil.delete(sessionId);
}

function ask(store: ActivityStore, cache: Cache, ids: readonly string[]): Promise<void> {
  if (!cache.batch) {
    const batch: { ids: Set<string>; done: Promise<void> } = { ids: new Set(), done: Promise.resolve() };
    batch.done = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      cache.batch = null;
      const asked = [...batch.ids];
      const found = await store.conversationsOf(asked);
      const until = Date.now() + UNLINKED_TTL_MS;
      asked.forEach((id, i) => {
        const conversation = found[i];
        if (conversation != null) noteLinked(store, id, conversation);
        else remember(cache.unlinkedUntil, id, until);
      });
    });
    cache.batch = batch;
  }
  for (const id of ids) cache.batch.ids.add(id);
  return cache.batch.done;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}
